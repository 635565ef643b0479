using Pneumonia.ML;

namespace Pneumonia.Bench;

/// <summary>
/// Writes a Pneumonia.ML model file as an inference model file for Pneumonia.ML.Inference: by default the shipped default
/// model, as the int8 graph, into the inference package's DefaultModel folder. Rerun it whenever
/// <c>src/Pneumonia.ML/DefaultModel/pneumonia-default.pnm</c> changes (DefaultModelTests fail until then).
/// </summary>
internal static class ExportInference
{
    /// <summary>The most a shipped file may weigh.</summary>
    public const long MaxShippedBytes = 25L * 1000 * 1000;

    public static int Run(string modelPath, string outputPath, PneumoniaWeightPrecision precision, TextWriter output)
    {
        var engine = precision == PneumoniaWeightPrecision.Int8 ? PneumoniaInferenceEngine.OnnxRuntimeInt8 : PneumoniaInferenceEngine.OnnxRuntime;
        using (PneumoniaClassifier classifier = PneumoniaClassifier.Load(modelPath, new PneumoniaInferenceOptions { Engine = engine }))
            classifier.ExportInferenceModel(outputPath, precision);
        long bytes = new FileInfo(outputPath).Length;
        using PneumoniaPredictor predictor = PneumoniaPredictor.Load(outputPath);
        output.WriteLine($"{Path.GetFullPath(modelPath)} -> {Path.GetFullPath(outputPath)}: {predictor.Architecture}, {predictor.ImageSize} px, " +
                         $"{predictor.WeightPrecision}, threshold {predictor.Threshold:F4} ({predictor.ThresholdOrigin.Rule} on {predictor.ThresholdOrigin.Source}, {predictor.ThresholdOrigin.ImageCount} images), {predictor.OperatingPoints.Count} operating points, " +
                         $"input check {(predictor.HasFeatureStatistics ? "with" : "without")} feature statistics, {bytes / 1e6:F1} MB");
        if (bytes <= MaxShippedBytes) return 0;
        output.WriteLine($"The file is over {MaxShippedBytes / 1e6:F0} MB, the most a shipped file may weigh.");
        return 1;
    }
}
