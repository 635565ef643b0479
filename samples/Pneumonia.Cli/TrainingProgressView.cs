using System.Globalization;
using Pneumonia.ML;
using Spectre.Console;

namespace Pneumonia.Cli;

/// <summary>
/// Shows a training run. On a terminal: two live bars (epochs with the overall ETA; batches of the current epoch
/// with running loss and accuracy) and one line per finished epoch. Otherwise only the per-epoch lines.
/// </summary>
internal static class TrainingProgressView
{
    public static T Run<T>(IAnsiConsole console, int epochs, Func<IProgress<PneumoniaTrainingProgress>, T> train)
    {
        if (!Terminal.IsInteractive)
            return train(new SynchronousProgress(p =>
            {
                if (p.Stage == PneumoniaTrainingStage.Epoch) console.WriteLine(EpochLine(p));
            }));

        return console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                ProgressTask overall = context.AddTask("Decoding images", maxValue: epochs);
                ProgressTask? batches = null;
                int shownEpoch = 0;
                return train(new SynchronousProgress(p =>
                {
                    if (batches is null || p.Epoch != shownEpoch)
                    {
                        if (batches is not null) context.RemoveTask(batches);
                        batches = context.AddTask($"Epoch {p.Epoch}/{p.Epochs}", maxValue: p.Batches);
                        shownEpoch = p.Epoch;
                    }
                    overall.Description = string.Create(CultureInfo.InvariantCulture, $"Training  loss {p.Loss:F4}  accuracy {p.Accuracy:F4}");
                    overall.Value = p.Epoch - 1 + (double)p.Batch / p.Batches;
                    batches.Value = p.Batch;
                    if (p.Stage == PneumoniaTrainingStage.Epoch) WriteEpochLines(console, p);
                }));
            });
    }

    /// <summary>The Keras-style line the article's notebook printed after every epoch.</summary>
    public static string EpochLine(PneumoniaTrainingProgress p)
    {
        string line = string.Create(CultureInfo.InvariantCulture,
            $"Epoch {p.Epoch}/{p.Epochs} - {p.Elapsed.TotalSeconds:F0}s - loss: {p.Loss:F4} - accuracy: {p.Accuracy:F4}");
        return p.Validation is { } v
            ? line + string.Create(CultureInfo.InvariantCulture,
                $" - val_loss: {v.LogLoss:F4} - val_accuracy: {v.Accuracy:F4} - val_sensitivity: {v.Sensitivity:F4} - val_specificity: {v.Specificity:F4} - val_auc: {v.Auc:F4}")
            : line;
    }

    /// <summary>
    /// Writes the epoch's figures above the live bars in lines narrower than the terminal: a line that wraps would
    /// throw the bars' redrawing off by a row.
    /// </summary>
    private static void WriteEpochLines(IAnsiConsole console, PneumoniaTrainingProgress p)
    {
        string training = string.Create(CultureInfo.InvariantCulture,
            $"Epoch {p.Epoch}/{p.Epochs} {p.Elapsed.TotalSeconds:F0}s loss {p.Loss:F4} acc {p.Accuracy:F4}");
        string validation = p.Validation is { } v
            ? string.Create(CultureInfo.InvariantCulture,
                $"val loss {v.LogLoss:F4} acc {v.Accuracy:F4} sens {v.Sensitivity:F3} spec {v.Specificity:F3} auc {v.Auc:F3}")
            : "";
        int width = console.Profile.Width - 1;
        string[] lines = validation.Length == 0 ? [training]
            : training.Length + 3 + validation.Length <= width ? [$"{training} | {validation}"]
            : [training, "  " + validation];
        foreach (string line in lines)
            console.WriteLine(line.Length <= width ? line : line[..Math.Max(width, 1)]);
    }

    /// <summary>Reports on the training thread, in order (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class SynchronousProgress(Action<PneumoniaTrainingProgress> report) : IProgress<PneumoniaTrainingProgress>
    {
        public void Report(PneumoniaTrainingProgress value) => report(value);
    }
}
