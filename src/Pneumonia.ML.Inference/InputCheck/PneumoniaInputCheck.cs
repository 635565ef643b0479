namespace Pneumonia.ML;

/// <summary>
/// Whether an image looks like the chest X-rays the classifier was trained on. Two kinds of check run: image
/// statistics (blank or nearly uniform, under 64 pixels a side, in colour), and — when the model holds training feature
/// statistics (<c>PneumoniaClassifier.HasFeatureStatistics</c>) — the Mahalanobis distance of the network's
/// pooled last-convolution features from those of its training X-rays. An unusual image still gets a label and a
/// probability, but they mean nothing: the network was never shown such a picture.
/// </summary>
public sealed record PneumoniaInputCheck
{
    internal PneumoniaInputCheck(string? reason, double? distance, double? distanceThreshold)
    {
        Reason = reason;
        Distance = distance;
        DistanceThreshold = distanceThreshold;
    }

    /// <summary>True when a check failed: do not trust the prediction; <see cref="Reason"/> says why.</summary>
    public bool IsUnusual => Reason is not null;

    /// <summary>Why the image is unusual, as a sentence; null when it passed.</summary>
    public string? Reason { get; }

    /// <summary>
    /// The Mahalanobis distance of the image's features from the training X-rays' features; null when the feature check
    /// did not run (the model has no feature statistics).
    /// </summary>
    public double? Distance { get; }

    /// <summary>The distance above which an image is unusual (about 99.5% of held-out training X-rays lie below it); null when the feature check did not run.</summary>
    public double? DistanceThreshold { get; }
}
