namespace Pneumonia.ML.MLNet;

/// <summary>What the classifier says of one row's image, from which the appended columns are filled.</summary>
internal sealed class ImageScores
{
    /// <summary>The calibrated probability of pneumonia (1 − P(NORMAL) for a softmax model).</summary>
    public required float Probability { get; init; }

    /// <summary>The probability of each of the classifier's classes, in its class order (for a binary model: 1 − p, p).</summary>
    public required float[] ClassProbabilities { get; init; }
}
