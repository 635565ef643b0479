using System.Diagnostics;
using System.Text.Json;
using Pneumonia.ML;
using Pneumonia.ML.Data;
using Pneumonia.ML.Evaluation;

namespace Pneumonia.Bench;

/// <summary>
/// One full-data run: train on the training folder with a patient-level validation split, then score the validation
/// patients with the trained classifier. Writes one JSON line per run.
/// </summary>
internal static class AccuracyRun
{
    public sealed record Result(
        string Architecture, int Seed, int ImageSize, int Epochs, int BestEpoch, double Threshold,
        int ValidationImages, int ValidationPatients, PneumoniaMetrics Metrics, double Brier,
        double TrainingMinutes, double PeakMemoryMegabytes, string ModelPath);

    public static Result Run(string data, PneumoniaTrainingOptions options, string outputFolder, TextWriter log)
    {
        Directory.CreateDirectory(outputFolder);
        var clock = Stopwatch.StartNew();
        var progress = new ProgressLog(log);
        using PneumoniaClassifier classifier = PneumoniaClassifier.Train(data, options, progress);
        double minutes = clock.Elapsed.TotalMinutes;
        string modelPath = Path.Combine(outputFolder, $"{options.Architecture}-seed{options.Seed}.model");
        classifier.Save(modelPath);

        (IReadOnlyList<ImageRecord> validation, float[] probabilities) = ScoreValidation(classifier, data, options);
        bool[] labels = validation.Select(r => r.Label).ToArray();
        PneumoniaMetrics metrics = MetricsCalculator.Compute(labels, probabilities, classifier.Threshold);
        double brier = Brier(labels, probabilities);
        var result = new Result(options.Architecture.ToString(), options.Seed, options.ImageSize, classifier.TrainingHistory.Count,
            classifier.BestEpoch, classifier.Threshold, validation.Count, validation.Select(r => r.PatientId).Distinct().Count(),
            metrics, brier, minutes, PeakMemory.Megabytes(), modelPath);
        File.AppendAllText(Path.Combine(outputFolder, "accuracy.jsonl"), JsonSerializer.Serialize(result,
            new JsonSerializerOptions { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals }) + "\n");
        return result;
    }

    /// <summary>The validation patients of <paramref name="options"/>' split, scored by the classifier.</summary>
    public static (IReadOnlyList<ImageRecord> Records, float[] Probabilities) ScoreValidation(
        PneumoniaClassifier classifier, string data, PneumoniaTrainingOptions options)
    {
        IReadOnlyList<ImageRecord> validation = ValidationSplit.Read(data, options.ValidationFraction, options.Seed);
        float[] probabilities = validation.Select(r => classifier.Predict(r.ImagePath).Probability).ToArray();
        return (validation, probabilities);
    }

    private sealed class ProgressLog(TextWriter log) : IProgress<PneumoniaTrainingProgress>
    {
        public void Report(PneumoniaTrainingProgress p)
        {
            if (p.Stage == PneumoniaTrainingStage.Batch && p.Batch % 20 != 0) return;
            string validation = p.Validation is { } v ? $" val_loss {v.LogLoss:F4} val_acc {v.Accuracy:F4} val_auc {v.Auc:F4}" : "";
            log.WriteLine($"{p.Stage} {p.Epoch}/{p.Epochs} batch {p.Batch}/{p.Batches} {p.Elapsed.TotalMinutes:F1} min loss {p.Loss:F4} acc {p.Accuracy:F4}{validation}");
            log.Flush();
        }
    }

    /// <summary>Mean squared difference between each probability and its label (1 for pneumonia).</summary>
    public static double Brier(IReadOnlyList<bool> labels, IReadOnlyList<float> probabilities) =>
        labels.Select((l, i) => Math.Pow(probabilities[i] - (l ? 1 : 0), 2)).Average();
}
