using Pneumonia.ML.Evaluation.Statistics;

namespace Pneumonia.ML.Evaluation;

/// <summary>Computes <see cref="PneumoniaMulticlassMetrics"/> from class indexes and class probabilities.</summary>
internal static class MulticlassMetricsCalculator
{
    private const double ProbabilityClip = 1e-15;

    /// <param name="classes">Each image's class index.</param>
    /// <param name="probabilities">Each image's probability of every class, in class order.</param>
    /// <param name="names">The class names.</param>
    /// <param name="level">The confidence level of the intervals.</param>
    /// <param name="method">How proportions' intervals are computed.</param>
    /// <param name="calls">Each image's predicted class; null for the most probable (a binary model calls at its threshold instead).</param>
    public static PneumoniaMulticlassMetrics Compute(IReadOnlyList<int> classes, IReadOnlyList<float[]> probabilities, IReadOnlyList<string> names,
        double level = 0.95, PneumoniaProportionInterval method = PneumoniaProportionInterval.Wilson, IReadOnlyList<int>? calls = null)
    {
        if (classes.Count != probabilities.Count) throw new ArgumentException("There must be one probability vector per image.", nameof(probabilities));
        int k = names.Count, n = classes.Count;
        var counts = new int[k][];
        for (int c = 0; c < k; c++) counts[c] = new int[k];
        var predicted = new int[n];
        for (int i = 0; i < n; i++)
        {
            if (probabilities[i].Length != k) throw new ArgumentException($"Image {i} has {probabilities[i].Length} probabilities for {k} classes.", nameof(probabilities));
            predicted[i] = calls?[i] ?? ArgMax(probabilities[i]);
            counts[classes[i]][predicted[i]]++;
        }

        int correct = Enumerable.Range(0, k).Sum(c => counts[c][c]);
        int[] ofClass = Enumerable.Range(0, k).Select(c => counts[c].Sum()).ToArray();
        int[] calledClass = Enumerable.Range(0, k).Select(c => Enumerable.Range(0, k).Sum(a => counts[a][c])).ToArray();
        double[] recall = Enumerable.Range(0, k).Where(c => ofClass[c] > 0).Select(c => (double)counts[c][c] / ofClass[c]).ToArray();

        var perClassLoss = new double[k];
        double logLoss = LogLoss(classes, probabilities, perClassLoss);
        double prior = 0;
        for (int c = 0; c < k; c++)
        {
            if (ofClass[c] == 0) continue;
            double share = (double)ofClass[c] / n;
            prior -= share * Math.Log(share);
        }

        PneumoniaInterval Proportion(int x, int total) => ProportionIntervals.Compute(x, total, level, method);
        var perClass = new PneumoniaClassMetrics[k];
        for (int c = 0; c < k; c++)
        {
            int tp = counts[c][c], fn = ofClass[c] - tp, fp = calledClass[c] - tp, tn = n - tp - fn - fp;
            bool[] isClass = classes.Select(x => x == c).ToArray();
            float[] score = probabilities.Select(p => p[c]).ToArray();
            perClass[c] = new PneumoniaClassMetrics(c, names[c], ofClass[c], calledClass[c], Proportion(tp, tp + fn), Proportion(tn, tn + fp),
                Proportion(tp, tp + fp), DeLongAuc.Compute(isClass, score, level), perClassLoss[c]);
        }

        return new PneumoniaMulticlassMetrics(names, n, n == 0 ? double.NaN : (double)correct / n, Proportion(correct, n),
            recall.Length == 0 ? double.NaN : recall.Average(), logLoss, prior > 0 ? 1 - logLoss / prior : double.NaN, perClassLoss,
            new PneumoniaMulticlassConfusionMatrix(names, counts), perClass, level);
    }

    /// <summary>Mean −ln P(true class) (NaN without images); <paramref name="perClass"/>, when given, receives each class's mean.</summary>
    public static double LogLoss(IReadOnlyList<int> classes, IReadOnlyList<float[]> probabilities, double[]? perClass = null)
    {
        double total = 0;
        int k = perClass?.Length ?? 0;
        var sums = new double[k];
        var counts = new int[k];
        for (int i = 0; i < classes.Count; i++)
        {
            double loss = -Math.Log(Math.Clamp(probabilities[i][classes[i]], ProbabilityClip, 1 - ProbabilityClip));
            total += loss;
            if (classes[i] < k)
            {
                sums[classes[i]] += loss;
                counts[classes[i]]++;
            }
        }
        for (int c = 0; c < k; c++) perClass![c] = counts[c] == 0 ? double.NaN : sums[c] / counts[c];
        return classes.Count == 0 ? double.NaN : total / classes.Count;
    }

    /// <summary>Softmax of raw class logits, computed in double precision.</summary>
    public static float[] Softmax(ReadOnlySpan<float> logits)
    {
        double max = double.NegativeInfinity;
        foreach (float l in logits) max = Math.Max(max, l);
        double sum = 0;
        foreach (float l in logits) sum += Math.Exp(l - max);
        var result = new float[logits.Length];
        for (int i = 0; i < logits.Length; i++) result[i] = (float)(Math.Exp(logits[i] - max) / sum);
        return result;
    }

    /// <summary>The index of the largest value (the first of ties).</summary>
    public static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
            if (values[i] > values[best]) best = i;
        return best;
    }

    /// <summary>
    /// A two-class sub-task of a multi-class model (Kermany's bacterial vs viral): only the images of the two classes,
    /// scored by P(positive) / (P(positive) + P(negative)) and called positive at 0.5 or above (the more probable of the two).
    /// </summary>
    /// <returns>The binary metrics of the sub-task and their confidence intervals.</returns>
    public static (PneumoniaMetrics Metrics, PneumoniaMetricIntervals Intervals) Pairwise(IReadOnlyList<int> classes,
        IReadOnlyList<float[]> probabilities, int positive, int negative, double level = 0.95,
        PneumoniaProportionInterval method = PneumoniaProportionInterval.Wilson)
    {
        var labels = new List<bool>();
        var scores = new List<float>();
        for (int i = 0; i < classes.Count; i++)
        {
            if (classes[i] != positive && classes[i] != negative) continue;
            double p = probabilities[i][positive], q = probabilities[i][negative];
            labels.Add(classes[i] == positive);
            scores.Add(p + q > 0 ? (float)(p / (p + q)) : 0.5f);
        }
        PneumoniaMetrics metrics = MetricsCalculator.Compute(labels, scores, 0.5);
        PneumoniaConfusionMatrix c = metrics.ConfusionMatrix;
        PneumoniaInterval Proportion(int x, int total) => ProportionIntervals.Compute(x, total, level, method);
        var intervals = new PneumoniaMetricIntervals(
            accuracy: Proportion(c.TruePositives + c.TrueNegatives, metrics.Count),
            sensitivity: Proportion(c.TruePositives, c.TruePositives + c.FalseNegatives),
            specificity: Proportion(c.TrueNegatives, c.TrueNegatives + c.FalsePositives),
            precision: Proportion(c.TruePositives, c.TruePositives + c.FalsePositives),
            negativePredictiveValue: Proportion(c.TrueNegatives, c.TrueNegatives + c.FalseNegatives),
            f1: new PneumoniaInterval(metrics.F1, double.NaN, double.NaN, "none"),
            auc: DeLongAuc.Compute(labels, scores, level));
        return (metrics, intervals);
    }
}
