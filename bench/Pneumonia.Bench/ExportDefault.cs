using Pneumonia.ML.Quantization;
using Pneumonia.ML;
using Pneumonia.ML.Data;
using Pneumonia.ML.Evaluation;
using Pneumonia.ML.Evaluation.Statistics;

namespace Pneumonia.Bench;

/// <summary>
/// Writes a trained model as the package's default (int8 weights, with the int8 engine's activation ranges measured on
/// 256 images of its training patients) and checks, on that model's validation patients, that the int8 copy predicts
/// like the float32 original.
/// </summary>
internal static class ExportDefault
{
    /// <summary>
    /// A model trained on every patient (<c>PneumoniaCrossValidation.TrainOnAllPatients</c>) has no held-out patient and
    /// carries its own int8 ranges: it is written as is, and the int8 copy is compared with it on every image of the
    /// folder for agreement only (these images trained it, so no accuracy is printed).
    /// </summary>
    public static void RunTrainedOnAll(string modelPath, string outputPath, string data, TextWriter log)
    {
        WriteInt8(modelPath, outputPath, data);
        Compare(modelPath, outputPath, ImageFolder.Read(data, ImageFolder.Split.Training),
            "all training images (agreement only: they trained it)", log, measure: false);
    }

    /// <summary>
    /// A fold network of a cross-validation (it carries its own int8 ranges and the cross-validation's decision rule):
    /// written as is, and both copies measured on the fold's held-out patients, which it never trained on.
    /// </summary>
    public static void RunFold(string modelPath, string outputPath, string data, int fold, int folds, int seed, TextWriter log)
    {
        WriteInt8(modelPath, outputPath, data);
        IReadOnlyList<ImageRecord> records = ImageFolder.Read(data, ImageFolder.Split.Training);
        int[] foldOf = PatientFolds.Assign(records, folds, seed);
        Compare(modelPath, outputPath, records.Where((_, i) => foldOf[i] == fold - 1).ToArray(), $"fold {fold} of {folds} (seed {seed}), never trained on", log);
    }

    /// <summary>
    /// Writes a model that carries its own int8 ranges as int8. Models trained before the input check existed get its
    /// statistics from the training folder (its training images and any held-out ones: X-rays of the same site either way).
    /// </summary>
    private static void WriteInt8(string modelPath, string outputPath, string data)
    {
        using PneumoniaClassifier model = PneumoniaClassifier.Load(modelPath);
        if (!model.HasFeatureStatistics) model.FitInputCheck(data);
        model.Save(outputPath, PneumoniaWeightPrecision.Int8);
    }

    public static void Run(string modelPath, string outputPath, string data, int seed, TextWriter log)
    {
        var (training, validation) = PatientSplit.Split(ImageFolder.Read(data, ImageFolder.Split.Training), 0.2, seed);
        string calibration = EngineAccuracy.CalibrationFolder(training, OnnxCalibration.DefaultImageCount);
        try
        {
            using PneumoniaClassifier calibrated = PneumoniaClassifier.Load(modelPath, new PneumoniaInferenceOptions
            {
                Engine = PneumoniaInferenceEngine.OnnxRuntimeInt8,
                CalibrationFolder = calibration,
            });
            calibrated.Save(outputPath, PneumoniaWeightPrecision.Int8);
        }
        finally
        {
            Directory.Delete(calibration, recursive: true);
        }
        Compare(modelPath, outputPath, validation, $"the seed-{seed} validation patients", log);
    }

    /// <summary>Probabilities and labels of both copies on the images; with <paramref name="measure"/>, their metrics too.</summary>
    private static void Compare(string modelPath, string outputPath, IReadOnlyList<ImageRecord> validation, string what, TextWriter log,
        bool measure = true)
    {
        using PneumoniaClassifier original = PneumoniaClassifier.Load(modelPath);
        using PneumoniaClassifier compact = PneumoniaClassifier.Load(outputPath);

        DecodedImages images = original.Preprocessor.Decode(validation);
        float[] full = original.Probabilities(images), small = compact.Probabilities(images);
        int changed = full.Zip(small).Count(p => p.First >= original.Threshold != p.Second >= compact.Threshold);

        log.WriteLine($"float32 {new FileInfo(modelPath).Length / 1e6:F1} MB → int8 {new FileInfo(outputPath).Length / 1e6:F1} MB");
        log.WriteLine($"{what}: {validation.Count} images: max |Δp| {full.Zip(small).Max(p => Math.Abs(p.First - p.Second)):F4}, " +
            $"mean |Δp| {full.Zip(small).Average(p => Math.Abs(p.First - p.Second)):F5}, labels changed {changed}");
        if (!measure) return;
        bool[] labels = validation.Select(r => r.Label).ToArray();
        PneumoniaMetrics fullMetrics = MetricsCalculator.Compute(labels, full, original.Threshold);
        PneumoniaMetrics smallMetrics = MetricsCalculator.Compute(labels, small, compact.Threshold);
        PneumoniaCalibration fullCalibration = CalibrationCalculator.Compute(labels, full, 10, 0.95, PneumoniaProportionInterval.Wilson);
        PneumoniaCalibration smallCalibration = CalibrationCalculator.Compute(labels, small, 10, 0.95, PneumoniaProportionInterval.Wilson);
        log.WriteLine($"float32: acc {fullMetrics.Accuracy:F4} sens {fullMetrics.Sensitivity:F4} spec {fullMetrics.Specificity:F4} auc {fullMetrics.Auc:F4} brier {fullCalibration.BrierScore:F4} ece {fullCalibration.ExpectedCalibrationError:F4}");
        log.WriteLine($"int8:    acc {smallMetrics.Accuracy:F4} sens {smallMetrics.Sensitivity:F4} spec {smallMetrics.Specificity:F4} auc {smallMetrics.Auc:F4} brier {smallCalibration.BrierScore:F4} ece {smallCalibration.ExpectedCalibrationError:F4}");
    }
}
