using OxyPlot;
using OxyPlot.Annotations;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;
using static System.FormattableString;

namespace Pneumonia.ML.Evaluation.Charts;

/// <summary>
/// How the predicted probabilities of the normal and the pneumonia images spread, with the threshold: 20 bins of
/// width 0.05, the normal images in the left half of each bin and the pneumonia images in the right half.
/// </summary>
internal static class ProbabilityHistogramChart
{
    private const int Bins = 20;

    public static byte[] Render(PneumoniaEvaluation evaluation)
    {
        PlotModel model = ChartPng.NewModel("Predicted probabilities by true class", "Images left of the threshold are called NORMAL");
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Title = "Predicted probability of pneumonia", Minimum = 0, Maximum = 1, MajorStep = 0.1 });
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Left, Title = "Images", Minimum = 0, MajorGridlineStyle = LineStyle.Dot, MinimumPadding = 0, MaximumPadding = 0.08, MinimumMajorStep = 1, MinimumMinorStep = 1 });
        foreach ((string label, OxyColor color, double offset) in new[] { (PneumoniaClassifier.NormalLabel, ChartPng.Blue, 0.0), (PneumoniaClassifier.PneumoniaLabel, ChartPng.Orange, 0.5) })
        {
            var counts = new int[Bins];
            foreach (PneumoniaImageScore image in evaluation.Images.Where(i => i.Label == label))
                counts[Math.Clamp((int)(image.Probability * Bins), 0, Bins - 1)]++;
            var series = new HistogramSeries
            {
                Title = Invariant($"{label} ({counts.Sum()} images)"),
                FillColor = OxyColor.FromAColor(170, color),
                StrokeColor = color,
                StrokeThickness = 1,
            };
            const double half = 0.5 / Bins;
            for (int b = 0; b < Bins; b++)
            {
                if (counts[b] == 0) continue;
                double start = (b + offset) / Bins;
                series.Items.Add(new HistogramItem(start, start + half, counts[b] * half, counts[b]));
            }
            model.Series.Add(series);
        }
        model.Annotations.Add(new LineAnnotation
        {
            Type = LineAnnotationType.Vertical,
            X = evaluation.Metrics.Threshold,
            Color = OxyColors.Black,
            LineStyle = LineStyle.Dash,
            Text = Invariant($"  threshold {evaluation.Metrics.Threshold:0.00}"),
            TextOrientation = AnnotationTextOrientation.Horizontal,
            TextLinePosition = 1,
            TextHorizontalAlignment = HorizontalAlignment.Left,
        });
        model.Legends.Add(new Legend { LegendPosition = LegendPosition.TopRight, LegendPlacement = LegendPlacement.Outside, LegendOrientation = LegendOrientation.Horizontal });
        return ChartPng.Render(model);
    }
}
