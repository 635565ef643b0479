using System.Globalization;

namespace Pneumonia.ML.InputCheck;

/// <summary>Turns a site's predictions into a <see cref="PneumoniaSiteCheck"/> and its verdict.</summary>
internal static class SiteCheck
{
    /// <summary>Above this share of flagged images, the site is called shifted (the check flags about 0.5% of training-like X-rays).</summary>
    public const double MaximumUnusualShare = 0.05;

    /// <summary>Above this ratio of the mean feature distance to the training images', the site is called shifted.</summary>
    public const double MaximumDistanceRatio = 1.5;

    /// <summary>A difference in the share called pneumonia larger than this is pointed out.</summary>
    public const double NotablePrevalenceDifference = 0.2;

    public static PneumoniaSiteCheck Summarise(IReadOnlyList<string> paths, IReadOnlyList<PneumoniaPrediction> predictions, FeatureStatistics? statistics)
    {
        int count = predictions.Count;
        string[] unusual = paths.Where((_, i) => predictions[i].IsUnusualImage).ToArray();
        double unusualShare = count == 0 ? 0 : unusual.Length / (double)count;
        double pneumoniaShare = count == 0 ? 0 : predictions.Count(p => p.IsPneumonia) / (double)count;
        double[] distances = predictions.Where(p => p.InputCheck.Distance is not null).Select(p => p.InputCheck.Distance!.Value).ToArray();
        double? meanDistance = statistics is not null && distances.Length > 0 ? distances.Average() : null;
        double? trainingDistance = statistics?.MeanDistance;
        double? trainingShare = statistics is not null && double.IsFinite(statistics.PneumoniaShare) ? statistics.PneumoniaShare : null;

        var findings = new List<string>();
        bool shifted = false;
        if (unusualShare > MaximumUnusualShare)
        {
            shifted = true;
            findings.Add(F($"{unusualShare:P0} of the images ({unusual.Length} of {count}) look unlike the training X-rays (at most {MaximumUnusualShare:P0} expected)"));
        }
        if (meanDistance is { } mean && trainingDistance is { } training && training > 0 && mean > MaximumDistanceRatio * training)
        {
            shifted = true;
            findings.Add(F($"the network's features lie {mean / training:0.0}× as far from the training X-rays' as held-out training X-rays do (mean distance {mean:0.0} against {training:0.0})"));
        }
        if (trainingShare is { } share && Math.Abs(pneumoniaShare - share) > NotablePrevalenceDifference)
            findings.Add(F($"{pneumoniaShare:P0} are called pneumonia against {share:P0} of the training images, which may be the site's case mix or a shift"));

        string verdict = shifted
            ? "Do not trust this site's predictions before looking at its images (modality, orientation, inversion, format, scanner): " + string.Join("; ", findings) + "."
            : statistics is null
                ? "The image checks found nothing unusual, but this model has no feature statistics, so the feature shift was not measured (call FitInputCheck)" +
                  (findings.Count > 0 ? "; " + string.Join("; ", findings) : "") + "."
                : "The images look like the training X-rays" + (findings.Count > 0 ? "; but " + string.Join("; ", findings) : "") +
                  ". This does not show that the classifier is accurate here: only labelled images from the site can.";
        return new PneumoniaSiteCheck(count, unusual, meanDistance, trainingDistance, pneumoniaShare, trainingShare, shifted, verdict);
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
