namespace Pneumonia.ML;

/// <summary>One evaluated image: what it is, and what the classifier said.</summary>
/// <param name="ImagePath">Full path of the file.</param>
/// <param name="PatientId">The patient read from the file name (images of one patient are not independent).</param>
/// <param name="Label">The truth, from the class folder: <c>"PNEUMONIA"</c> or <c>"NORMAL"</c>.</param>
/// <param name="Probability">The network's probability of pneumonia.</param>
/// <param name="PredictedLabel">The classifier's answer at the evaluation's threshold.</param>
public sealed record PneumoniaImageScore(string ImagePath, string PatientId, string Label, float Probability, string PredictedLabel)
{
    /// <summary>True when the answer equals the truth.</summary>
    public bool IsCorrect => Label == PredictedLabel;
}
