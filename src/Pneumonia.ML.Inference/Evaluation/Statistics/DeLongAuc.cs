using MathNet.Numerics.Distributions;

namespace Pneumonia.ML.Evaluation.Statistics;

/// <summary>
/// ROC AUC with DeLong, DeLong and Clarke-Pearson's (1988) variance: the AUC is the mean of the placement values
/// V₁₀(xᵢ) = P(negative &lt; xᵢ) + ½ P(negative = xᵢ) over positives, and its variance S₁₀/m + S₀₁/n from the
/// sample variances of the placement values of the m positives and the n negatives.
/// </summary>
internal static class DeLongAuc
{
    public const string Method = "DeLong";

    public static PneumoniaInterval Compute(IReadOnlyList<bool> labels, IReadOnlyList<float> scores, double level)
    {
        (double auc, double standardError) = AucWithStandardError(labels, scores);
        if (double.IsNaN(auc)) return new PneumoniaInterval(double.NaN, double.NaN, double.NaN, Method);
        double z = Normal.InvCDF(0, 1, 1 - (1 - level) / 2);
        return new PneumoniaInterval(auc, Math.Max(0, auc - z * standardError), Math.Min(1, auc + z * standardError), Method);
    }

    public static (double Auc, double StandardError) AucWithStandardError(IReadOnlyList<bool> labels, IReadOnlyList<float> scores)
    {
        double[] positives = Enumerable.Range(0, labels.Count).Where(i => labels[i]).Select(i => (double)scores[i]).ToArray();
        double[] negatives = Enumerable.Range(0, labels.Count).Where(i => !labels[i]).Select(i => (double)scores[i]).ToArray();
        int m = positives.Length, n = negatives.Length;
        if (m == 0 || n == 0) return (double.NaN, double.NaN);

        double[] sortedPositives = positives.Order().ToArray();
        double[] sortedNegatives = negatives.Order().ToArray();
        // V10: for each positive, the share of negatives it outscores (ties half); V01: for each negative, the share of positives that outscore it.
        double[] v10 = positives.Select(x => (CountBelow(sortedNegatives, x) + 0.5 * CountEqual(sortedNegatives, x)) / n).ToArray();
        double[] v01 = negatives.Select(y => (m - CountBelow(sortedPositives, y) - CountEqual(sortedPositives, y)
                                               + 0.5 * CountEqual(sortedPositives, y)) / m).ToArray();
        double auc = v10.Average();
        double s10 = m > 1 ? v10.Sum(v => (v - auc) * (v - auc)) / (m - 1) : 0;
        double s01 = n > 1 ? v01.Sum(v => (v - auc) * (v - auc)) / (n - 1) : 0;
        return (auc, Math.Sqrt(s10 / m + s01 / n));
    }

    /// <summary>Number of values strictly below <paramref name="x"/> in a sorted array.</summary>
    private static int CountBelow(double[] sorted, double x)
    {
        int low = 0, high = sorted.Length;
        while (low < high)
        {
            int middle = (low + high) / 2;
            if (sorted[middle] < x) low = middle + 1; else high = middle;
        }
        return low;
    }

    private static int CountEqual(double[] sorted, double x) => CountBelow(sorted, Math.BitIncrement(x)) - CountBelow(sorted, x);
}
