namespace Pneumonia.ML.Persistence;

/// <summary>Everything a model file says about its network besides the weights.</summary>
/// <remarks>
/// <see cref="ActivationRanges"/>: the range of each activation the int8 ONNX graph quantizes, keyed by the exported
/// tensor's name, measured on training images when the model was trained (absent in files from before the ONNX engines).
/// <see cref="CalibrationSlope"/> and <see cref="CalibrationIntercept"/>: Platt scaling of the network's logit, fitted on
/// out-of-fold predictions (1 and 0, no change, in files from before calibration and for models trained without it).
/// <see cref="OperatingPoints"/>: thresholds for sensitivity and specificity targets, chosen on out-of-fold predictions (absent otherwise).
/// <see cref="EnsembleSize"/>: how many networks of the architecture answer together (<see cref="Models.EnsembleNetwork"/>); 1 for one network.
/// <see cref="InputCheck"/>: the training X-rays' feature statistics the input check measures distances with (absent in
/// files from before the input check, which then runs the image checks only).
/// <see cref="Classes"/>: the sorted class names of a softmax model (<see cref="PneumoniaClasses"/>), null for the binary
/// model's one pneumonia unit (files from before classes are binary); <see cref="ClassSource"/>: where they came from.
/// </remarks>
internal sealed record ModelMetadata(
    PneumoniaArchitecture Architecture,
    int ImageSize,
    double Threshold,
    PneumoniaThresholdOrigin ThresholdOrigin,
    int Seed,
    IReadOnlyList<PneumoniaEpochSummary> TrainingHistory,
    int BestEpoch,
    PneumoniaMetrics? ValidationMetrics,
    IReadOnlyList<PneumoniaSkippedImage> SkippedImages,
    string LibraryVersion,
    PneumoniaWeightPrecision WeightPrecision = PneumoniaWeightPrecision.Float32,
    IReadOnlyDictionary<string, Quantization.ActivationRange>? ActivationRanges = null,
    double CalibrationSlope = 1,
    double CalibrationIntercept = 0,
    int EnsembleSize = 1,
    IReadOnlyList<PneumoniaOperatingPoint>? OperatingPoints = null,
    InputCheck.FeatureStatistics? InputCheck = null,
    IReadOnlyList<string>? Classes = null,
    ClassSource ClassSource = ClassSource.NormalPneumonia) : Engines.IDecisionRule
{
    /// <summary>The network's output layer: one unit, or one per class.</summary>
    public Models.NetworkOutputs Outputs => Models.NetworkOutputs.For(Classes);

    /// <summary>The class names in index order: the binary model's NORMAL and PNEUMONIA, or <see cref="Classes"/>.</summary>
    public IReadOnlyList<string> ClassLabels => Classes ?? ML.ClassNames.Binary;

    /// <summary>The calibrated probability of pneumonia for a network logit: σ(slope · logit + intercept).</summary>
    public float Probability(float logit) => Evaluation.PlattScaling.Apply(logit, CalibrationSlope, CalibrationIntercept);
}
