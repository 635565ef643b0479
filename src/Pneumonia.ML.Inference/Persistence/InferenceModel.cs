using Pneumonia.ML.InputCheck;

namespace Pneumonia.ML.Persistence;

/// <summary>
/// What <see cref="PneumoniaPredictor"/> runs: the ONNX graph Pneumonia.ML's ONNX Runtime engine runs (float32, or the
/// int8 QDQ graph) and everything that turns its outputs into answers (see <see cref="InferenceModelFile"/>).
/// </summary>
/// <param name="Architecture">The network's name (for people; nothing depends on it).</param>
/// <param name="ImageSize">The side images are resized to.</param>
/// <param name="Threshold">Probability at or above which an image is called pneumonia.</param>
/// <param name="ThresholdOrigin">How the threshold was chosen.</param>
/// <param name="CalibrationSlope">Platt scaling's slope.</param>
/// <param name="CalibrationIntercept">Platt scaling's intercept.</param>
/// <param name="Precision">The graph's weights: float32 or int8.</param>
/// <param name="OperatingPoints">Thresholds for sensitivity and specificity targets; empty when none were chosen.</param>
/// <param name="InputCheck">The training X-rays' feature statistics; null for the image checks only.</param>
/// <param name="LibraryVersion">The Pneumonia.ML version that wrote the file.</param>
/// <param name="Graph">The ONNX graph's bytes (input <c>rgb</c>, outputs <c>logit</c> and <c>features</c>, and a softmax
/// model's <c>class_logits</c>).</param>
/// <param name="Classes">A softmax model's class names in index order (the graph's <c>class_logits</c> columns); null for the binary model.</param>
/// <param name="ClassesDescription">Where a softmax model's classes came from, in words (for people); null for the binary model.</param>
/// <param name="ClassSource">Where a softmax model's classes came from, as data (how evaluation reads a folder); null for the
/// binary model and in files from before it was stored, which are read by <paramref name="ClassesDescription"/>'s words.</param>
internal sealed record InferenceModel(
    string Architecture,
    int ImageSize,
    double Threshold,
    PneumoniaThresholdOrigin ThresholdOrigin,
    double CalibrationSlope,
    double CalibrationIntercept,
    PneumoniaWeightPrecision Precision,
    IReadOnlyList<PneumoniaOperatingPoint> OperatingPoints,
    FeatureStatistics? InputCheck,
    string LibraryVersion,
    byte[] Graph,
    IReadOnlyList<string>? Classes = null,
    string? ClassesDescription = null,
    ClassSource? ClassSource = null) : Engines.IDecisionRule
{
    /// <summary>The calibrated probability of pneumonia for a network logit: σ(slope · logit + intercept).</summary>
    public float Probability(float logit) => Evaluation.PlattScaling.Apply(logit, CalibrationSlope, CalibrationIntercept);
}
