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
        ClassIndex = label == Data.ImageFolder.PneumoniaClass ? 1 : 0; // the binary model's; a multi-class model's caller sets its own
        ClassProbabilities = [1 - probability, probability];
    }

    /// <summary><c>"PNEUMONIA"</c> or <c>"NORMAL"</c>.</summary>
    public string Label { get; }

    /// <summary>The network's probability of pneumonia, in [0, 1] (for a multi-class model, 1 − P(NORMAL)).</summary>
    public float Probability { get; }

    /// <summary>The threshold the label was decided with: pneumonia when <see cref="Probability"/> ≥ it.</summary>
    public double Threshold { get; }

    /// <summary>True when <see cref="Label"/> is <c>"PNEUMONIA"</c>.</summary>
    public bool IsPneumonia => Label == Data.ImageFolder.PneumoniaClass;

    /// <summary>Whether the image looks like the chest X-rays the classifier was trained on, and why not.</summary>
    public PneumoniaInputCheck InputCheck { get; }

    /// <summary>
    /// The class of the image, an index into <see cref="Classes"/>: for a multi-class model the most probable class; for
    /// the binary model 1 (pneumonia) when <see cref="Probability"/> ≥ <see cref="Threshold"/>, else 0.
    /// </summary>
    public int ClassIndex { get; internal init; }

    /// <summary>The name of <see cref="ClassIndex"/>, for display (<c>"PNEUMONIA"</c> or <c>"NORMAL"</c> for the binary model).</summary>
    public string ClassLabel => Classes[ClassIndex];

    /// <summary>The classifier's classes, in index order (the model's classes).</summary>
    public IReadOnlyList<string> Classes { get; internal init; } = global::Pneumonia.ML.ClassNames.Binary;

    /// <summary>
    /// The probability of every class, in the order of <see cref="Classes"/>, summing to 1. For a multi-class model,
    /// <see cref="Probability"/> is 1 − the probability of NORMAL.
    /// </summary>
    public IReadOnlyList<float> ClassProbabilities { get; internal init; }

    /// <summary>
    /// True when the image does not look like a chest X-ray the classifier was trained on (<see cref="InputCheck"/> says
    /// why): <see cref="Label"/> and <see cref="Probability"/> are then meaningless.
    /// </summary>
    public bool IsUnusualImage => InputCheck.IsUnusual;

    /// <summary>Equal when every property is, the class lists and probabilities compared element by element.</summary>
    /// <param name="other">The prediction to compare with.</param>
    public bool Equals(PneumoniaPrediction? other) =>
        other is not null && Label == other.Label && Probability.Equals(other.Probability) && Threshold.Equals(other.Threshold) &&
        Equals(InputCheck, other.InputCheck) && ClassIndex == other.ClassIndex && Classes.SequenceEqual(other.Classes) &&
        ClassProbabilities.SequenceEqual(other.ClassProbabilities);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Label, Probability, Threshold, InputCheck, ClassIndex);
}
