namespace Pneumonia.ML;

/// <summary>The classifier's answer for one X-ray.</summary>
public sealed record PneumoniaPrediction
{
    internal PneumoniaPrediction(string label, float probability, double threshold)
    {
        Label = label;
        Probability = probability;
        Threshold = threshold;
    }

    /// <summary><c>"PNEUMONIA"</c> or <c>"NORMAL"</c>.</summary>
    public string Label { get; }

    /// <summary>The network's probability of pneumonia, in [0, 1].</summary>
    public float Probability { get; }

    /// <summary>The threshold the label was decided with: pneumonia when <see cref="Probability"/> ≥ it.</summary>
    public double Threshold { get; }

    /// <summary>True when <see cref="Label"/> is <c>"PNEUMONIA"</c>.</summary>
    public bool IsPneumonia => Label == PneumoniaClassifier.PneumoniaLabel;
}
