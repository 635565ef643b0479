using OxyPlot;
using OxyPlot.Annotations;
using OxyPlot.Axes;
using static System.FormattableString;

namespace Pneumonia.ML.Evaluation.Charts;

/// <summary>
/// The confusion matrix: truth in rows (NORMAL on top), the answer in columns; each cell shows its count and its
/// share of the row, and is shaded by that share.
/// </summary>
internal static class ConfusionMatrixChart
{
    public const int Side = 540;

    public static byte[] Render(PneumoniaEvaluation evaluation)
    {
        PneumoniaConfusionMatrix c = evaluation.Metrics.ConfusionMatrix;
        PlotModel model = ChartPng.NewModel("Confusion matrix", Invariant($"threshold {evaluation.Metrics.Threshold:0.00}, {evaluation.Metrics.Count} images"));
        string[] labels = [PneumoniaClassifier.NormalLabel, PneumoniaClassifier.PneumoniaLabel];
        var predicted = new CategoryAxis { Position = AxisPosition.Bottom, Title = "Classifier's answer", GapWidth = 0, IsZoomEnabled = false };
        predicted.Labels.AddRange(labels);
        var truth = new CategoryAxis { Position = AxisPosition.Left, Title = "Truth", StartPosition = 1, EndPosition = 0, GapWidth = 0, IsZoomEnabled = false };
        truth.Labels.AddRange(labels);
        model.Axes.Add(predicted);
        model.Axes.Add(truth);

        int[,] counts = { { c.TrueNegatives, c.FalsePositives }, { c.FalseNegatives, c.TruePositives } };
        for (int row = 0; row < 2; row++)
        {
            int rowTotal = counts[row, 0] + counts[row, 1];
            for (int column = 0; column < 2; column++)
            {
                double share = rowTotal == 0 ? 0 : (double)counts[row, column] / rowTotal;
                OxyColor fill = OxyColor.Interpolate(OxyColors.White, row == column ? ChartPng.Blue : ChartPng.Orange, 0.15 + 0.75 * share);
                model.Annotations.Add(new RectangleAnnotation
                {
                    MinimumX = column - 0.5,
                    MaximumX = column + 0.5,
                    MinimumY = row - 0.5,
                    MaximumY = row + 0.5,
                    Fill = fill,
                    Stroke = OxyColors.White,
                    StrokeThickness = 2,
                    Layer = AnnotationLayer.BelowAxes,
                });
                OxyColor text = share > 0.55 ? OxyColors.White : OxyColors.Black;
                string name = (row, column) switch { (0, 0) => "true negatives", (0, 1) => "false positives", (1, 0) => "false negatives", _ => "true positives" };
                model.Annotations.Add(Label(column, row - 0.08, counts[row, column].ToString(System.Globalization.CultureInfo.InvariantCulture), 34, text));
                model.Annotations.Add(Label(column, row + 0.16, Invariant($"{name} ({share:0%} of row)"), 13, text));
            }
        }
        return ChartPng.Render(model, Side, Side);
    }

    private static TextAnnotation Label(double x, double y, string text, double size, OxyColor color) => new()
    {
        TextPosition = new DataPoint(x, y),
        Text = text,
        FontSize = size,
        TextColor = color,
        Stroke = OxyColors.Transparent,
        Background = OxyColors.Transparent,
        TextHorizontalAlignment = HorizontalAlignment.Center,
        TextVerticalAlignment = VerticalAlignment.Middle,
    };
}
