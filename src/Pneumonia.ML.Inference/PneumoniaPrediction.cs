namespace Pneumonia.ML;

/// <summary>The classifier's answer for one X-ray.</summary>
public sealed record PneumoniaPrediction
{
    internal PneumoniaPrediction(string label, float probability, double threshold, PneumoniaInputCheck inputCheck)
    {
        Label = label;
        Probability = probability;
        Threshold = threshold;
        InputCheck = inputCheck;
    }

    /// <summary><c>"PNEUMONIA"</c> or <c>"NORMAL"</c>.</summary>
    public string Label { get; }

    /// <summary>The network's probability of pneumonia, in [0, 1].</summary>
    public float Probability { get; }

    /// <summary>The threshold the label was decided with: pneumonia when <see cref="Probability"/> ≥ it.</summary>
    public double Threshold { get; }

    /// <summary>True when <see cref="Label"/> is <c>"PNEUMONIA"</c>.</summary>
    public bool IsPneumonia => Label == Data.ImageFolder.PneumoniaClass;

    /// <summary>Whether the image looks like the chest X-rays the classifier was trained on, and why not.</summary>
    public PneumoniaInputCheck InputCheck { get; }

    /// <summary>
    /// True when the image does not look like a chest X-ray the classifier was trained on (<see cref="InputCheck"/> says
    /// why): <see cref="Label"/> and <see cref="Probability"/> are then meaningless.
    /// </summary>
    public bool IsUnusualImage => InputCheck.IsUnusual;
}
