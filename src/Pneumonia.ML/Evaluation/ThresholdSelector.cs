namespace Pneumonia.ML.Evaluation;

/// <summary>Chooses a decision threshold on validation scores.</summary>
internal static class ThresholdSelector
{
    /// <summary>
    /// The threshold <paramref name="options"/> ask for on held-out <paramref name="labels"/> and
    /// <paramref name="probabilities"/> (from <paramref name="source"/>: <paramref name="patients"/> patients, and the
    /// cross-validation's <paramref name="folds"/>), and how it was chosen.
    /// </summary>
    public static (double Threshold, PneumoniaThresholdOrigin Origin) Choose(PneumoniaTrainingOptions options, IReadOnlyList<bool> labels,
        IReadOnlyList<float> probabilities, PneumoniaThresholdSource source, int patients, int folds = 0)
    {
        PneumoniaThresholdOrigin Chosen(PneumoniaThresholdRule rule) =>
            PneumoniaThresholdOrigin.Chosen(rule, source, labels.Count, patients, folds);
        return options.ThresholdSelection switch
        {
            PneumoniaThresholdSelection.MaximiseYouden =>
                (MaximiseYouden(labels, probabilities, options.Threshold), Chosen(PneumoniaThresholdRule.MaximiseYouden)),
            PneumoniaThresholdSelection.CentreOfYoudenPlateau =>
                (CentreOfYoudenPlateau(labels, probabilities, options.Threshold), Chosen(PneumoniaThresholdRule.CentreOfYoudenPlateau)),
            _ => (options.Threshold, PneumoniaThresholdOrigin.Fixed(options.Threshold)),
        };
    }

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

    /// <summary>How far below the best Youden's J a threshold may be and still count as on the plateau.</summary>
    public const double PlateauTolerance = 0.005;

    /// <summary>
    /// A threshold that keeps away from both classes' nearest errors: among the thresholds whose Youden's J is within
    /// <see cref="PlateauTolerance"/> of the best, the unbroken run that contains the best one (the lowest, if several
    /// tie), and its centre in
    /// logit space (so a plateau from 0.5 to 0.999 gives about 0.98, not either end). On well-separated validation
    /// scores J is flat over a wide range, and taking either end of it leaves no margin for new images.
    /// Returns <paramref name="fallback"/> when a class is missing.
    /// </summary>
    public static double CentreOfYoudenPlateau(IReadOnlyList<bool> labels, IReadOnlyList<float> probabilities, double fallback)
    {
        int positives = labels.Count(l => l), negatives = labels.Count - positives;
        if (positives == 0 || negatives == 0) return fallback;

        // Between consecutive distinct scores (ascending) J is constant: one interval per gap, with its J.
        (double[] below, double[] above, double[] j) = YoudenIntervals(labels, probabilities, positives, negatives);
        int best = 0;
        for (int i = 1; i < j.Length; i++) if (j[i] > j[best] + 1e-12) best = i;
        int low = best, high = best;
        while (low > 0 && j[low - 1] >= j[best] - PlateauTolerance) low--;
        while (high < j.Length - 1 && j[high + 1] >= j[best] - PlateauTolerance) high++;
        return Sigmoid((Logit(below[low]) + Logit(above[high])) / 2);
    }

    /// <summary>
    /// The highest threshold whose sensitivity is at least <paramref name="minimum"/> (the most specific operating point
    /// that still finds that share of pneumonia); <paramref name="fallback"/> without positives.
    /// </summary>
    public static double ForSensitivity(IReadOnlyList<bool> labels, IReadOnlyList<float> probabilities, double minimum, double fallback)
    {
        double[] positives = probabilities.Where((_, i) => labels[i]).Select(p => (double)p).Order().ToArray();
        if (positives.Length == 0) return fallback;
        // Calling the top k positives needs a threshold at or below the k-th highest score; keep at least ⌈minimum·n⌉.
        int keep = Math.Clamp((int)Math.Ceiling(minimum * positives.Length - 1e-9), 1, positives.Length);
        double kth = positives[positives.Length - keep];
        double below = probabilities.Select(p => (double)p).Where(p => p < kth).DefaultIfEmpty(0).Max();
        return (below + kth) / 2;
    }

    /// <summary>
    /// The lowest threshold whose specificity is at least <paramref name="minimum"/> (the most sensitive operating point
    /// that still clears that share of normal X-rays); <paramref name="fallback"/> without negatives.
    /// </summary>
    public static double ForSpecificity(IReadOnlyList<bool> labels, IReadOnlyList<float> probabilities, double minimum, double fallback)
    {
        double[] negatives = probabilities.Where((_, i) => !labels[i]).Select(p => (double)p).Order().ToArray();
        if (negatives.Length == 0) return fallback;
        // Clearing the lowest k negatives needs a threshold above the k-th lowest score; clear at least ⌈minimum·n⌉.
        int clear = Math.Clamp((int)Math.Ceiling(minimum * negatives.Length - 1e-9), 1, negatives.Length);
        double kth = negatives[clear - 1];
        double above = probabilities.Select(p => (double)p).Where(p => p > kth).DefaultIfEmpty(1).Min();
        return (kth + above) / 2;
    }

    /// <summary>
    /// The intervals between consecutive distinct scores, ascending, from (0, lowest score] to (highest score, 1], with
    /// the J of any threshold inside each (a threshold t calls p ≥ t pneumonia, so it sits above <c>Below</c> and at or
    /// below <c>Above</c>).
    /// </summary>
    private static (double[] Below, double[] Above, double[] J) YoudenIntervals(IReadOnlyList<bool> labels,
        IReadOnlyList<float> probabilities, int positives, int negatives)
    {
        int[] order = Enumerable.Range(0, labels.Count).OrderBy(i => probabilities[i]).ToArray();
        var below = new List<double> { 0 };
        var above = new List<double> { probabilities[order[0]] };
        var j = new List<double> { 0 }; // under every score: everything called pneumonia
        int negativesBelow = 0, positivesBelow = 0;
        for (int k = 0; k < order.Length; k++)
        {
            if (labels[order[k]]) positivesBelow++; else negativesBelow++;
            if (k < order.Length - 1 && probabilities[order[k + 1]] == probabilities[order[k]]) continue;
            below.Add(probabilities[order[k]]);
            above.Add(k == order.Length - 1 ? 1 : probabilities[order[k + 1]]);
            j.Add((double)(positives - positivesBelow) / positives + (double)negativesBelow / negatives - 1);
        }
        return (below.ToArray(), above.ToArray(), j.ToArray());
    }

    private static double Logit(double p)
    {
        p = Math.Clamp(p, 1e-12, 1 - 1e-12);
        return Math.Log(p / (1 - p));
    }

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    /// <summary>The sensitivity and specificity targets every cross-validated model stores an operating point for.</summary>
    public static readonly double[] Targets = [0.90, 0.95, 0.99];

    /// <summary>
    /// The operating points a clinician can ask for on held-out scores: the chosen <paramref name="threshold"/>, and for
    /// each of <see cref="Targets"/> the threshold that keeps sensitivity, then specificity, at least that high.
    /// </summary>
    public static IReadOnlyList<PneumoniaOperatingPoint> OperatingPoints(IReadOnlyList<bool> labels, IReadOnlyList<float> probabilities,
        double threshold)
    {
        PneumoniaOperatingPoint Point(string name, double t)
        {
            PneumoniaMetrics m = MetricsCalculator.Compute(labels, probabilities, t);
            return new PneumoniaOperatingPoint(name, t, m.Sensitivity, m.Specificity);
        }
        var points = new List<PneumoniaOperatingPoint> { Point("the classifier's threshold", threshold) };
        foreach (double target in Targets)
            points.Add(Point($"sensitivity ≥ {target:0.00}", ForSensitivity(labels, probabilities, target, threshold)));
        foreach (double target in Targets)
            points.Add(Point($"specificity ≥ {target:0.00}", ForSpecificity(labels, probabilities, target, threshold)));
        return points;
    }
}
