namespace Pneumonia.ML.Evaluation;

/// <summary>Chooses a decision threshold on validation scores.</summary>
internal static class ThresholdSelector
{
    /// <summary>
    /// The threshold with the highest Youden's J (sensitivity + specificity − 1). Candidates lie midway between
    /// consecutive distinct scores (and beyond both ends); among equal J, the one closest to 0.5 wins. Returns
    /// <paramref name="fallback"/> when a class is missing.
    /// </summary>
    public static double MaximiseYouden(IReadOnlyList<bool> labels, IReadOnlyList<float> probabilities, double fallback)
    {
        int positives = labels.Count(l => l), negatives = labels.Count - positives;
        if (positives == 0 || negatives == 0) return fallback;

        double[] scores = probabilities.Select(p => (double)p).Distinct().Order().ToArray();
        var candidates = new List<double> { scores[0] / 2 };
        for (int i = 1; i < scores.Length; i++) candidates.Add((scores[i - 1] + scores[i]) / 2);
        candidates.Add((scores[^1] + 1) / 2);

        double best = fallback, bestJ = double.NegativeInfinity;
        foreach (double threshold in candidates)
        {
            int truePositives = 0, trueNegatives = 0;
            for (int i = 0; i < labels.Count; i++)
            {
                bool positive = probabilities[i] >= threshold;
                if (labels[i] && positive) truePositives++;
                else if (!labels[i] && !positive) trueNegatives++;
            }
            double j = (double)truePositives / positives + (double)trueNegatives / negatives - 1;
            if (j > bestJ + 1e-12 || (Math.Abs(j - bestJ) <= 1e-12 && Math.Abs(threshold - 0.5) < Math.Abs(best - 0.5)))
            {
                bestJ = j;
                best = threshold;
            }
        }
        return best;
    }
}
