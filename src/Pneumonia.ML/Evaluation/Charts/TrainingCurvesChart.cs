using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;

namespace Pneumonia.ML.Evaluation.Charts;

/// <summary>
/// The article's two training pictures: loss and accuracy per epoch, training and validation. Validation loss is
/// the log-loss of the validation metrics, the same binary cross-entropy as the training loss.
/// </summary>
internal static class TrainingCurvesChart
{
    public static byte[] Loss(IReadOnlyList<PneumoniaEpochSummary> history) =>
        Render(history, "Training and validation loss", "Binary cross-entropy", h => h.Loss, v => v.LogLoss, minimum: 0, maximum: null);

    public static byte[] Accuracy(IReadOnlyList<PneumoniaEpochSummary> history) =>
        Render(history, "Training and validation accuracy", "Accuracy", h => h.Accuracy, v => v.Accuracy, minimum: 0, maximum: 1);

    private static byte[] Render(IReadOnlyList<PneumoniaEpochSummary> history, string title, string measure,
        Func<PneumoniaEpochSummary, double> training, Func<PneumoniaMetrics, double> validation, double minimum, double? maximum)
    {
        PlotModel model = ChartPng.NewModel(title);
        model.Axes.Add(new LinearAxis
        {
            Position = AxisPosition.Bottom,
            Title = "Epoch",
            Minimum = 0.5,
            Maximum = history.Count + 0.5,
            MajorStep = Math.Max(1, Math.Ceiling(history.Count / 15.0)),
            MinorStep = 1,
        });
        var yAxis = new LinearAxis { Position = AxisPosition.Left, Title = measure, Minimum = minimum, MajorGridlineStyle = LineStyle.Dot };
        if (maximum is double top) yAxis.Maximum = top;
        model.Axes.Add(yAxis);

        var trainingLine = new LineSeries { Title = "Training", Color = ChartPng.Blue, MarkerType = MarkerType.Circle, MarkerSize = 3, StrokeThickness = 2 };
        trainingLine.Points.AddRange(history.Select(h => new DataPoint(h.Epoch, training(h))));
        model.Series.Add(trainingLine);
        if (history.Any(h => h.Validation is not null))
        {
            var validationLine = new LineSeries { Title = "Validation", Color = ChartPng.Orange, MarkerType = MarkerType.Square, MarkerSize = 3, StrokeThickness = 2 };
            validationLine.Points.AddRange(history.Where(h => h.Validation is not null)
                .Select(h => new DataPoint(h.Epoch, validation(h.Validation!))));
            model.Series.Add(validationLine);
        }
        model.Legends.Add(new Legend { LegendPosition = LegendPosition.TopRight, LegendPlacement = LegendPlacement.Outside, LegendOrientation = LegendOrientation.Horizontal });
        return ChartPng.Render(model);
    }
}
