namespace Pneumonia.ML;

/// <summary>The classifier's answer for one X-ray.</summary>
/// <param name="Label"><c>"PNEUMONIA"</c> or <c>"NORMAL"</c>.</param>
/// <param name="Probability">The network's probability of pneumonia, in [0, 1].</param>
/// <param name="Threshold">The threshold the label was decided with: pneumonia when <paramref name="Probability"/> ≥ it.</param>
public sealed record PneumoniaPrediction(string Label, float Probability, double Threshold)
{
    /// <summary>True when <see cref="Label"/> is <c>"PNEUMONIA"</c>.</summary>
    public bool IsPneumonia => Label == PneumoniaClassifier.PneumoniaLabel;
}
