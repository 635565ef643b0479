namespace Pneumonia.ML;

/// <summary>One evaluated image: what it is, and what the classifier said.</summary>
public sealed record PneumoniaImageScore
{
    internal PneumoniaImageScore(string imagePath, string patientId, string label, float probability, string predictedLabel,
        PneumoniaInputCheck? inputCheck = null)
    {
        InputCheck = inputCheck;
        ImagePath = imagePath;
        PatientId = patientId;
        Label = label;
        Probability = probability;
        PredictedLabel = predictedLabel;
    }

    /// <summary>Full path of the file.</summary>
    public string ImagePath { get; }

    /// <summary>The patient read from the file name (images of one patient are not independent).</summary>
    public string PatientId { get; }

    /// <summary>The truth, from the class folder: <c>"PNEUMONIA"</c> or <c>"NORMAL"</c>.</summary>
    public string Label { get; }

    /// <summary>The network's probability of pneumonia.</summary>
    public float Probability { get; }

    /// <summary>The classifier's answer at the evaluation's threshold.</summary>
    public string PredictedLabel { get; }

    /// <summary>
    /// Whether the image looks like the chest X-rays the classifier was trained on (see <see cref="PneumoniaPrediction.InputCheck"/>);
    /// null for cross-validation's out-of-fold scores, which were not checked.
    /// </summary>
    public PneumoniaInputCheck? InputCheck { get; }

    /// <summary>True when the answer equals the truth.</summary>
    public bool IsCorrect => Label == PredictedLabel;
}
