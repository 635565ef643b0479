using OxyPlot;
using OxyPlot.Annotations;
using OxyPlot.Legends;
using OxyPlot.Series;
using static System.FormattableString;

namespace Pneumonia.ML.Evaluation.Charts;

/// <summary>The precision–recall curve with its average precision, the prevalence baseline, and the operating point.</summary>
internal static class PrecisionRecallChart
{
    public static byte[] Render(PneumoniaEvaluation evaluation)
    {
        PneumoniaMetrics m = evaluation.Metrics;
        PneumoniaConfusionMatrix c = m.ConfusionMatrix;
        double prevalence = (double)(c.TruePositives + c.FalseNegatives) / m.Count;
        PlotModel model = ChartPng.NewModel("Precision–recall curve", Invariant($"Average precision {evaluation.AveragePrecision:0.000}"));
        UnitAxes.Add(model, "Recall (sensitivity)", "Precision (PPV)");

        model.Annotations.Add(new LineAnnotation
        {
            Type = LineAnnotationType.Horizontal,
            Y = prevalence,
            Color = ChartPng.Grey,
            LineStyle = LineStyle.Dash,
            Text = Invariant($"prevalence {prevalence:0%} (chance)"),
            TextColor = ChartPng.Grey,
            TextLinePosition = 0.5,
            TextHorizontalAlignment = HorizontalAlignment.Center,
        });
        var curve = new StairStepSeries { Title = Invariant($"Model (AP {evaluation.AveragePrecision:0.000})"), Color = ChartPng.Orange, StrokeThickness = 2.5, VerticalStrokeThickness = 2.5 };
        curve.Points.AddRange(evaluation.PrecisionRecallCurve.Where(p => !double.IsNaN(p.Precision)).Select(p => new DataPoint(p.Recall, p.Precision)));
        model.Series.Add(curve);
        OperatingPoint.Add(model, m.Sensitivity, m.Precision,
            Invariant($"Threshold {m.Threshold:0.00}: recall {m.Sensitivity:0%}, precision {m.Precision:0%}"));
        model.Legends.Add(new Legend { LegendPosition = LegendPosition.LeftBottom, LegendPlacement = LegendPlacement.Inside, LegendBackground = OxyColor.FromAColor(220, OxyColors.White) });
        return ChartPng.Render(model);
    }
}
