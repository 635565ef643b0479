namespace Pneumonia.ML.Evaluation;

/// <summary>Computes <see cref="PneumoniaMetrics"/> from labels and predicted probabilities.</summary>
internal static class MetricsCalculator
{
    private const double ProbabilityClip = 1e-15;

    public static PneumoniaMetrics Compute(IReadOnlyList<bool> labels, IReadOnlyList<float> probabilities, double threshold)
    {
        if (labels.Count != probabilities.Count)
            throw new ArgumentException("There must be one probability per label.", nameof(probabilities));

        int tp = 0, fp = 0, tn = 0, fn = 0;
        double logLoss = 0;
        for (int i = 0; i < labels.Count; i++)
        {
            bool predicted = probabilities[i] >= threshold;
            if (labels[i]) { if (predicted) tp++; else fn++; }
            else { if (predicted) fp++; else tn++; }

            double p = Math.Clamp(probabilities[i], ProbabilityClip, 1 - ProbabilityClip);
            logLoss -= labels[i] ? Math.Log(p) : Math.Log(1 - p);
        }

        int count = labels.Count;
        double sensitivity = Ratio(tp, tp + fn);
        double precision = Ratio(tp, tp + fp);
        return new PneumoniaMetrics(
            count: count,
            accuracy: Ratio(tp + tn, count),
            sensitivity: sensitivity,
            specificity: Ratio(tn, tn + fp),
            precision: precision,
            negativePredictiveValue: Ratio(tn, tn + fn),
            f1: Ratio(2 * tp, 2 * tp + fp + fn),
            auc: Auc(labels, probabilities),
            logLoss: count == 0 ? double.NaN : logLoss / count,
            threshold: threshold,
            confusionMatrix: new PneumoniaConfusionMatrix(tp, fp, tn, fn));
    }

    /// <summary>ROC AUC as the Mann–Whitney statistic: the chance a random positive outscores a random negative.</summary>
    public static double Auc(IReadOnlyList<bool> labels, IReadOnlyList<float> scores)
    {
        int positives = labels.Count(l => l);
        int negatives = labels.Count - positives;
        if (positives == 0 || negatives == 0) return double.NaN;

        int[] order = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ToArray();
        double positiveRankSum = 0;
        for (int start = 0; start < order.Length;)
        {
            int end = start;
            while (end + 1 < order.Length && scores[order[end + 1]] == scores[order[start]]) end++;
            double averageRank = (start + end) / 2.0 + 1;
            for (int k = start; k <= end; k++)
                if (labels[order[k]]) positiveRankSum += averageRank;
            start = end + 1;
        }
        return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }

    private static double Ratio(int numerator, int denominator) =>
        denominator == 0 ? double.NaN : (double)numerator / denominator;
}
