using System.Text.Json;
using Pneumonia.ML.Quantization;
using Pneumonia.ML;
using Pneumonia.ML.Data;
using Pneumonia.ML.Evaluation;

namespace Pneumonia.Bench;

/// <summary>
/// A trained model's figures on its own validation patients under each <see cref="PneumoniaInferenceEngine"/>, the
/// int8 engine on the ranges the model stores, or, for a model without, calibrated on 256 images of its training patients
/// only (the public CalibrationFolder route, through a folder of links); and how far each engine's probabilities are
/// from TorchSharp's.
/// </summary>
internal static class EngineAccuracy
{
    public sealed record Result(
        string Model, string Engine, int Images, int CalibrationImages, double Accuracy, double Sensitivity, double Specificity,
        double Auc, double Brier, double MaxProbabilityDifference, double MeanProbabilityDifference, int LabelsChanged);

    public static IReadOnlyList<Result> Run(string modelPath, string data, double validationFraction, int seed, string? jsonFile,
        TextWriter log)
    {
        IReadOnlyList<ImageRecord> all = ImageFolder.Read(data, ImageFolder.Split.Training);
        var (training, validation) = PatientSplit.Split(all, validationFraction, seed);
        string calibration = CalibrationFolder(training, OnnxCalibration.DefaultImageCount);
        try
        {
            bool[] labels = validation.Select(r => r.Label).ToArray();
            float[]? reference = null;
            bool stored;
            using (var probe = PneumoniaClassifier.Load(modelPath)) stored = probe.HasActivationRanges;
            var results = new List<Result>();
            foreach (var engine in Enum.GetValues<PneumoniaInferenceEngine>())
            {
                using var classifier = PneumoniaClassifier.Load(modelPath, new PneumoniaInferenceOptions
                {
                    Engine = engine,
                    CalibrationFolder = engine == PneumoniaInferenceEngine.OnnxRuntimeInt8 && !stored ? calibration : null,
                });
                float[] p = classifier.Probabilities(classifier.Preprocessor.Decode(validation));
                reference ??= p;
                PneumoniaMetrics m = MetricsCalculator.Compute(labels, p, classifier.Threshold);
                double brier = AccuracyRun.Brier(labels, p);
                var result = new Result(Path.GetFileName(modelPath), engine.ToString(), validation.Count,
                    engine == PneumoniaInferenceEngine.OnnxRuntimeInt8 && !stored ? OnnxCalibration.DefaultImageCount : 0,
                    m.Accuracy, m.Sensitivity, m.Specificity, m.Auc, brier,
                    p.Zip(reference, (a, b) => (double)Math.Abs(a - b)).Max(), p.Zip(reference, (a, b) => (double)Math.Abs(a - b)).Average(),
                    p.Zip(reference).Count(x => x.First >= classifier.Threshold != x.Second >= classifier.Threshold));
                log.WriteLine($"{result.Model} {engine}: acc {m.Accuracy:F4} sens {m.Sensitivity:F4} spec {m.Specificity:F4} auc {m.Auc:F4} " +
                    $"brier {brier:F4}; vs TorchSharp max |Δp| {result.MaxProbabilityDifference:G3}, mean {result.MeanProbabilityDifference:G3}, " +
                    $"labels changed {result.LabelsChanged} of {validation.Count}");
                results.Add(result);
                if (jsonFile is not null)
                    File.AppendAllText(jsonFile, JsonSerializer.Serialize(result, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower }) + "\n");
            }
            return results;
        }
        finally
        {
            Directory.Delete(calibration, recursive: true);
        }
    }

    /// <summary>A temporary folder of links to <paramref name="count"/> training images spread over the patients.</summary>
    internal static string CalibrationFolder(IReadOnlyList<ImageRecord> training, int count)
    {
        string folder = Path.Combine(Path.GetTempPath(), $"pneumonia-calibration-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var picked = OnnxCalibration.Spread(training.OrderBy(r => r.ImagePath, StringComparer.Ordinal).ToList(), count);
        for (int i = 0; i < picked.Count; i++)
            File.CreateSymbolicLink(Path.Combine(folder, $"{i:D4}{Path.GetExtension(picked[i].ImagePath)}"), Path.GetFullPath(picked[i].ImagePath));
        return folder;
    }
}
