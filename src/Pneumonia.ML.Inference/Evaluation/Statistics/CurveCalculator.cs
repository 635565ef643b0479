namespace Pneumonia.ML.Evaluation.Statistics;

/// <summary>ROC and precision–recall curves: one point per distinct probability, thresholds descending.</summary>
internal static class CurveCalculator
{
    public static IReadOnlyList<PneumoniaRocPoint> Roc(IReadOnlyList<bool> labels, IReadOnlyList<float> scores)
    {
        (int positives, int negatives) = Count(labels);
        var points = new List<PneumoniaRocPoint> { new(double.PositiveInfinity, 0, 0) };
        foreach ((double threshold, int tp, int fp) in Steps(labels, scores))
            points.Add(new PneumoniaRocPoint(threshold, Ratio(fp, negatives), Ratio(tp, positives)));
        return points;
    }

    public static IReadOnlyList<PneumoniaPrecisionRecallPoint> PrecisionRecall(IReadOnlyList<bool> labels, IReadOnlyList<float> scores)
    {
        (int positives, _) = Count(labels);
        var points = new List<PneumoniaPrecisionRecallPoint> { new(double.PositiveInfinity, 0, 1) };
        foreach ((double threshold, int tp, int fp) in Steps(labels, scores))
            points.Add(new PneumoniaPrecisionRecallPoint(threshold, Ratio(tp, positives), Ratio(tp, tp + fp)));
        return points;
    }

    /// <summary>Σ (Rₙ − Rₙ₋₁) Pₙ over the precision–recall points: the step area, as scikit-learn's average_precision_score.</summary>
    public static double AveragePrecision(IReadOnlyList<PneumoniaPrecisionRecallPoint> curve)
    {
        if (curve.Count < 2 || double.IsNaN(curve[^1].Recall)) return double.NaN;
        double sum = 0;
        for (int i = 1; i < curve.Count; i++) sum += (curve[i].Recall - curve[i - 1].Recall) * curve[i].Precision;
        return sum;
    }

    /// <summary>True and false positives when every image scoring ≥ each distinct score is called positive.</summary>
    private static IEnumerable<(double Threshold, int TruePositives, int FalsePositives)> Steps(IReadOnlyList<bool> labels, IReadOnlyList<float> scores)
    {
        int[] order = Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i]).ToArray();
        int tp = 0, fp = 0;
        for (int k = 0; k < order.Length; k++)
        {
            if (labels[order[k]]) tp++; else fp++;
            bool lastOfTie = k == order.Length - 1 || scores[order[k + 1]] != scores[order[k]];
            if (lastOfTie) yield return (scores[order[k]], tp, fp);
        }
    }

    private static (int Positives, int Negatives) Count(IReadOnlyList<bool> labels)
    {
        int positives = labels.Count(l => l);
        return (positives, labels.Count - positives);
    }

    private static double Ratio(int numerator, int denominator) => denominator == 0 ? double.NaN : (double)numerator / denominator;
}
