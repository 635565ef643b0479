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
        IReadOnlyList<ImageRecord> records = ImageFolder.Read(data, ImageFolder.Split.Training);
        WriteInt8(modelPath, outputPath, records);
        Compare(modelPath, outputPath, records,
            "all training images (agreement only: they trained it)", log, measure: false);
    }

    /// <summary>
    /// A fold network of a cross-validation (it carries its own int8 ranges and the cross-validation's decision rule):
    /// written as is, and both copies measured on the fold's held-out patients, which it never trained on.
    /// </summary>
    /// <remarks>
    /// With <paramref name="shiftProxy"/> (the <c>shift-proxy</c> command's probabilities of every out-of-fold image under
    /// every condition), the written model's threshold becomes the one with the best worst-case Youden J over those
    /// conditions, and its operating points are recomputed at it on the unshifted out-of-fold predictions.
    /// </remarks>
    public static void RunFold(string modelPath, string outputPath, string data, int fold, int folds, int seed, string? shiftProxy, TextWriter log)
    {
        IReadOnlyList<ImageRecord> records = ImageFolder.Read(data, ImageFolder.Split.Training);
        int[] foldOf = PatientFolds.Assign(records, folds, seed);
        WriteInt8(modelPath, outputPath, records.Where((_, i) => foldOf[i] != fold - 1).ToArray(),
            shiftProxy is null ? null : model => UseMostRobustThreshold(model, shiftProxy, records, folds, log));
        Compare(modelPath, outputPath, records.Where((_, i) => foldOf[i] == fold - 1).ToArray(), $"fold {fold} of {folds} (seed {seed}), never trained on", log);
    }

    private static void UseMostRobustThreshold(PneumoniaClassifier model, string shiftProxy, IReadOnlyList<ImageRecord> records, int folds,
        TextWriter log)
    {
        var (labels, names, probabilities) = ReadShiftProxy(shiftProxy);
        ShiftProxyRun.RobustThreshold robust = ShiftProxyRun.MostRobustThreshold(labels, names, probabilities);
        string choice = $"the threshold with the best worst-case Youden J over the shift proxy's {names.Count} site-like conditions, " +
            $"on the cross-validation's out-of-fold predictions (centre of the plateau in logit space; worst J {robust.WorstYouden:F3}, under {robust.WorstShift})";
        var origin = new PneumoniaThresholdOrigin(PneumoniaThresholdRule.BestWorstCaseYoudenUnderShifts, PneumoniaThresholdSource.OutOfFoldPredictions,
            labels.Length, records.Select(r => r.PatientId).Distinct().Count(), folds, choice);
        model.ReplaceDecisionRule(robust.Threshold, origin, ThresholdSelector.OperatingPoints(labels, probabilities[0], robust.Threshold));
        log.WriteLine($"threshold {robust.Threshold:F4}: {choice}");
        log.WriteLine($"out of fold at it, {labels.Length} images: {WithIntervals(labels, probabilities[0], robust.Threshold)}");
        foreach (var (shift, sensitivity, specificity) in robust.PerShift)
            log.WriteLine($"  {shift}: sensitivity {sensitivity:F4} specificity {specificity:F4}");
    }

    /// <summary>Accuracy, sensitivity and specificity with Wilson 95% intervals, AUC with DeLong's, Brier and ECE (10 bins).</summary>
    private static string WithIntervals(bool[] labels, float[] probabilities, double threshold)
    {
        PneumoniaMetrics m = MetricsCalculator.Compute(labels, probabilities, threshold);
        PneumoniaConfusionMatrix c = m.ConfusionMatrix;
        string P(int x, int n)
        {
            PneumoniaInterval i = ProportionIntervals.Compute(x, n, 0.95, PneumoniaProportionInterval.Wilson);
            return $"{(double)x / n:F4} ({i.Lower:F4}–{i.Upper:F4})";
        }
        PneumoniaInterval auc = DeLongAuc.Compute(labels, probabilities, 0.95);
        PneumoniaCalibration calibration = CalibrationCalculator.Compute(labels, probabilities, 10, 0.95, PneumoniaProportionInterval.Wilson);
        return $"acc {P(c.TruePositives + c.TrueNegatives, m.Count)} sens {P(c.TruePositives, c.TruePositives + c.FalseNegatives)} " +
            $"spec {P(c.TrueNegatives, c.TrueNegatives + c.FalsePositives)} auc {m.Auc:F4} ({auc.Lower:F4}–{auc.Upper:F4}) " +
            $"brier {calibration.BrierScore:F4} ece {calibration.ExpectedCalibrationError:F4}";
    }

    /// <summary>Reads <c>shift-proxy-NAME-probabilities.csv.gz</c>: file, label, fold, then one column per condition (the first unshifted).</summary>
    private static (bool[] Labels, IReadOnlyList<string> Names, float[][] Probabilities) ReadShiftProxy(string path)
    {
        using var gzip = new System.IO.Compression.GZipStream(File.OpenRead(path), System.IO.Compression.CompressionMode.Decompress);
        using var parser = new Microsoft.VisualBasic.FileIO.TextFieldParser(gzip) { Delimiters = [","], HasFieldsEnclosedInQuotes = true };
        string[] names = parser.ReadFields()![3..];
        var labels = new List<bool>();
        var columns = names.Select(_ => new List<float>()).ToArray();
        while (parser.ReadFields() is { } fields)
        {
            labels.Add(fields[1] == "1");
            for (int c = 0; c < names.Length; c++) columns[c].Add(float.Parse(fields[3 + c], System.Globalization.CultureInfo.InvariantCulture));
        }
        return ([.. labels], names, columns.Select(c => c.ToArray()).ToArray());
    }

    /// <summary>
    /// Writes a model that carries its own int8 ranges as int8. Models trained before the input check existed get its
    /// statistics from <paramref name="trainingImages"/> (a fold network's training patients, so that its held-out
    /// patients can still measure the check).
    /// </summary>
    private static void WriteInt8(string modelPath, string outputPath, IReadOnlyList<ImageRecord> trainingImages,
        Action<PneumoniaClassifier>? adjust = null)
    {
        using PneumoniaClassifier model = PneumoniaClassifier.Load(modelPath);
        if (!model.HasFeatureStatistics) model.FitInputCheck(trainingImages);
        adjust?.Invoke(model);
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
        double threshold = compact.Threshold; // both copies at the written model's rule (it may replace the original's)
        int changed = full.Zip(small).Count(p => p.First >= threshold != p.Second >= threshold);

        log.WriteLine($"float32 {new FileInfo(modelPath).Length / 1e6:F1} MB → int8 {new FileInfo(outputPath).Length / 1e6:F1} MB");
        log.WriteLine($"{what}: {validation.Count} images: max |Δp| {full.Zip(small).Max(p => Math.Abs(p.First - p.Second)):F4}, " +
            $"mean |Δp| {full.Zip(small).Average(p => Math.Abs(p.First - p.Second)):F5}, labels changed {changed}");
        if (!measure) return;
        bool[] labels = validation.Select(r => r.Label).ToArray();
        log.WriteLine($"at threshold {threshold:F4}");
        log.WriteLine($"float32: {WithIntervals(labels, full, threshold)}");
        log.WriteLine($"int8:    {WithIntervals(labels, small, threshold)}");
    }
}
