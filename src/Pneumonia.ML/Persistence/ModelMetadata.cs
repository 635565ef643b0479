namespace Pneumonia.ML.Persistence;

/// <summary>Everything a model file says about its network besides the weights.</summary>
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
    PneumoniaWeightPrecision WeightPrecision = PneumoniaWeightPrecision.Float32);
