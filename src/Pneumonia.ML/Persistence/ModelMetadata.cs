namespace Pneumonia.ML.Persistence;

/// <summary>Everything a model file says about its network besides the weights.</summary>
/// <remarks>
/// <see cref="ActivationRanges"/>: the range of each activation the int8 ONNX graph quantizes, keyed by the exported
/// tensor's name, measured on training images when the model was trained (absent in files from before the ONNX engines).
/// </remarks>
internal sealed record ModelMetadata(
    PneumoniaArchitecture Architecture,
    int ImageSize,
    double Threshold,
    string ThresholdChoice,
    int Seed,
    IReadOnlyList<PneumoniaEpochSummary> TrainingHistory,
    int BestEpoch,
    PneumoniaMetrics? ValidationMetrics,
    IReadOnlyList<PneumoniaSkippedImage> SkippedImages,
    string LibraryVersion,
    PneumoniaWeightPrecision WeightPrecision = PneumoniaWeightPrecision.Float32,
    IReadOnlyDictionary<string, Onnx.ActivationRange>? ActivationRanges = null);
