namespace Pneumonia.ML;

/// <summary>
/// What <c>PneumoniaClassifier.CheckSite</c> found on a folder of a new site's images: the share the input check
/// flags, the shift of the network's features from its training X-rays, the share called pneumonia against the share
/// among the training images, and a verdict in plain words.
/// </summary>
public sealed class PneumoniaSiteCheck
{
    internal PneumoniaSiteCheck(int imageCount, IReadOnlyList<string> unusualImages, double? meanDistance, double? trainingMeanDistance,
        double pneumoniaShare, double? trainingPneumoniaShare, bool isShifted, string verdict)
    {
        ImageCount = imageCount;
        UnusualImages = unusualImages;
        MeanDistance = meanDistance;
        TrainingMeanDistance = trainingMeanDistance;
        PneumoniaShare = pneumoniaShare;
        TrainingPneumoniaShare = trainingPneumoniaShare;
        IsShifted = isShifted;
        Verdict = verdict;
    }

    /// <summary>How many images were checked.</summary>
    public int ImageCount { get; }

    /// <summary>The images the input check flagged (<see cref="PneumoniaInputCheck.IsUnusual"/>), full paths in path order.</summary>
    public IReadOnlyList<string> UnusualImages { get; }

    /// <summary>The share of images flagged, in [0, 1].</summary>
    public double UnusualShare => ImageCount == 0 ? 0 : UnusualImages.Count / (double)ImageCount;

    /// <summary>The mean Mahalanobis distance of the images' features from the training X-rays'; null without feature statistics.</summary>
    public double? MeanDistance { get; }

    /// <summary>The same mean for held-out training X-rays (what an unshifted site gives); null without feature statistics.</summary>
    public double? TrainingMeanDistance { get; }

    /// <summary>The share of images the classifier calls pneumonia, in [0, 1].</summary>
    public double PneumoniaShare { get; }

    /// <summary>The share of the training images it called pneumonia; null when the model does not know it.</summary>
    public double? TrainingPneumoniaShare { get; }

    /// <summary>True when the verdict found the site's images unlike the training X-rays (too many flagged, or features moved).</summary>
    public bool IsShifted { get; }

    /// <summary>The verdict, in plain words.</summary>
    public string Verdict { get; }
}
