using OxyPlot;
using OxyPlot.Annotations;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;
using static System.FormattableString;

namespace Pneumonia.ML.Evaluation.Charts;

/// <summary>The ROC curve with its AUC and confidence interval, the chance diagonal, and the operating point.</summary>
internal static class RocChart
{
    public static byte[] Render(PneumoniaEvaluation evaluation)
    {
        PneumoniaInterval auc = evaluation.Intervals.Auc;
        PlotModel model = ChartPng.NewModel("ROC curve",
            Invariant($"AUC {auc.Estimate:0.000} ({evaluation.ConfidenceLevel:0%} CI {auc.Lower:0.000}–{auc.Upper:0.000}, {auc.Method})"));
        UnitAxes.Add(model, "False positive rate (1 − specificity)", "True positive rate (sensitivity)");

        model.Annotations.Add(new LineAnnotation { Type = LineAnnotationType.LinearEquation, Slope = 1, Intercept = 0, Color = ChartPng.Grey, LineStyle = LineStyle.Dash, Text = "chance", TextColor = ChartPng.Grey });
        var curve = new LineSeries { Title = Invariant($"Model (AUC {auc.Estimate:0.000})"), Color = ChartPng.Orange, StrokeThickness = 2.5 };
        curve.Points.AddRange(evaluation.RocCurve.Select(p => new DataPoint(p.FalsePositiveRate, p.TruePositiveRate)));
        model.Series.Add(curve);

        PneumoniaMetrics m = evaluation.Metrics;
        OperatingPoint.Add(model, 1 - m.Specificity, m.Sensitivity,
            Invariant($"Threshold {m.Threshold:0.00}: sensitivity {m.Sensitivity:0%}, specificity {m.Specificity:0%}"));
        model.Legends.Add(new Legend { LegendPosition = LegendPosition.RightBottom, LegendPlacement = LegendPlacement.Inside, LegendBackground = OxyColor.FromAColor(220, OxyColors.White) });
        return ChartPng.Render(model);
    }
}

/// <summary>Two [0, 1] axes with dotted grid lines.</summary>
internal static class UnitAxes
{
    public static void Add(PlotModel model, string x, string y)
    {
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Title = x, Minimum = 0, Maximum = 1, MajorStep = 0.2, MajorGridlineStyle = LineStyle.Dot });
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Left, Title = y, Minimum = 0, Maximum = 1.02, MajorStep = 0.2, MajorGridlineStyle = LineStyle.Dot });
    }
}

/// <summary>The classifier's operating point: a marker on the curve, named in the legend.</summary>
internal static class OperatingPoint
{
    public static void Add(PlotModel model, double x, double y, string title)
    {
        if (double.IsNaN(x) || double.IsNaN(y)) return;
        var point = new ScatterSeries { Title = title, MarkerType = MarkerType.Diamond, MarkerSize = 8, MarkerFill = OxyColors.Black };
        point.Points.Add(new ScatterPoint(x, y));
        model.Series.Add(point);
    }
}
