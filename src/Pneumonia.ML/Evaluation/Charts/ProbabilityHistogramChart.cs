using OxyPlot;
using OxyPlot.Annotations;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;
using static System.FormattableString;

namespace Pneumonia.ML.Evaluation.Charts;

/// <summary>How the predicted probabilities of the normal and the pneumonia images spread, with the threshold.</summary>
internal static class ProbabilityHistogramChart
{
    private const int Bins = 20;

    public static byte[] Render(PneumoniaEvaluation evaluation)
    {
        PlotModel model = ChartPng.NewModel("Predicted probabilities by true class", "Images left of the threshold are called NORMAL");
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Title = "Predicted probability of pneumonia", Minimum = 0, Maximum = 1, MajorStep = 0.1 });
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Left, Title = "Images", Minimum = 0, MajorGridlineStyle = LineStyle.Dot, MinimumPadding = 0, MaximumPadding = 0.08, MinimumMajorStep = 1, MinimumMinorStep = 1 });
        foreach ((string label, OxyColor color) in new[] { (PneumoniaClassifier.NormalLabel, ChartPng.Blue), (PneumoniaClassifier.PneumoniaLabel, ChartPng.Orange) })
        {
            var counts = new int[Bins];
            foreach (PneumoniaImageScore image in evaluation.Images.Where(i => i.Label == label))
                counts[Math.Clamp((int)(image.Probability * Bins), 0, Bins - 1)]++;
            var series = new HistogramSeries
            {
                Title = Invariant($"{label} ({counts.Sum()} images)"),
                FillColor = OxyColor.FromAColor(130, color),
                StrokeColor = color,
                StrokeThickness = 1,
            };
            for (int b = 0; b < Bins; b++)
                series.Items.Add(new HistogramItem((double)b / Bins, (double)(b + 1) / Bins, counts[b] / (double)Bins, counts[b]));
            model.Series.Add(series);
        }
        model.Annotations.Add(new LineAnnotation
        {
            Type = LineAnnotationType.Vertical, X = evaluation.Metrics.Threshold, Color = OxyColors.Black, LineStyle = LineStyle.Dash,
            Text = Invariant($"  threshold {evaluation.Metrics.Threshold:0.00}"),
            TextOrientation = AnnotationTextOrientation.Horizontal,
            TextLinePosition = 1,
            TextHorizontalAlignment = HorizontalAlignment.Left,
        });
        model.Legends.Add(new Legend { LegendPosition = LegendPosition.TopRight, LegendPlacement = LegendPlacement.Outside, LegendOrientation = LegendOrientation.Horizontal });
        return ChartPng.Render(model);
    }
}
