using OxyPlot;
using OxyPlot.Annotations;
using OxyPlot.Legends;
using OxyPlot.Series;
using static System.FormattableString;

namespace Pneumonia.ML.Evaluation.Charts;

/// <summary>
/// The reliability diagram: for each probability bin, the observed frequency of pneumonia against the mean predicted
/// probability, with the frequency's confidence interval and the bin's image count; the diagonal is perfect calibration.
/// </summary>
internal static class ReliabilityChart
{
    public static byte[] Render(PneumoniaEvaluation evaluation)
    {
        PneumoniaCalibration calibration = evaluation.Calibration;
        PlotModel model = ChartPng.NewModel("Reliability diagram",
            Invariant($"Brier score {calibration.BrierScore:0.000}, expected calibration error {calibration.ExpectedCalibrationError:0.000}"));
        UnitAxes.Add(model, "Mean predicted probability of pneumonia", "Observed frequency of pneumonia");
        model.Annotations.Add(new LineAnnotation { Type = LineAnnotationType.LinearEquation, Slope = 1, Intercept = 0, Color = ChartPng.Grey, LineStyle = LineStyle.Dash, Text = "perfect calibration", TextColor = ChartPng.Grey });

        PneumoniaCalibrationBin[] bins = calibration.Bins.Where(b => b.Count > 0).ToArray();
        foreach (PneumoniaCalibrationBin bin in bins)
        {
            var whisker = new LineSeries { Color = OxyColor.FromAColor(150, ChartPng.Orange), StrokeThickness = 1.5 };
            whisker.Points.Add(new DataPoint(bin.MeanProbability, bin.ObservedInterval.Lower));
            whisker.Points.Add(new DataPoint(bin.MeanProbability, bin.ObservedInterval.Upper));
            model.Series.Add(whisker);
            model.Annotations.Add(new TextAnnotation
            {
                TextPosition = new DataPoint(bin.MeanProbability, bin.ObservedFrequency),
                Text = Invariant($"n={bin.Count}"),
                FontSize = 11,
                TextColor = ChartPng.Grey,
                Stroke = OxyColors.Transparent,
                Offset = new ScreenVector(8, 0),
                TextHorizontalAlignment = HorizontalAlignment.Left,
                TextVerticalAlignment = VerticalAlignment.Middle,
            });
        }
        var curve = new LineSeries
        {
            Title = Invariant($"Model ({bins.Length} non-empty bins of {calibration.Bins.Count}; bars: {evaluation.ConfidenceLevel:0%} CI)"),
            Color = ChartPng.Orange,
            StrokeThickness = 2,
            MarkerType = MarkerType.Circle,
            MarkerSize = 5,
            MarkerFill = ChartPng.Orange,
        };
        curve.Points.AddRange(bins.Select(b => new DataPoint(b.MeanProbability, b.ObservedFrequency)));
        model.Series.Add(curve);
        model.Legends.Add(new Legend { LegendPosition = LegendPosition.BottomCenter, LegendPlacement = LegendPlacement.Outside });
        return ChartPng.Render(model);
    }
}
