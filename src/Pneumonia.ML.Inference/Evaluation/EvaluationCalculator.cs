using Pneumonia.ML.Data;
using Pneumonia.ML.Evaluation.Statistics;

namespace Pneumonia.ML.Evaluation;

/// <summary>Builds a <see cref="PneumoniaEvaluation"/> from scored records: metrics, intervals, curves, calibration.</summary>
internal static class EvaluationCalculator
{
    /// <summary>The evaluation of scored records; <paramref name="inputChecks"/>: each image's input check, in record order, or null when not checked (out-of-fold scores).</summary>
    public static PneumoniaEvaluation Compute(string folder, IReadOnlyList<ImageRecord> records, IReadOnlyList<float> probabilities,
        double threshold, string thresholdOrigin, PneumoniaEvaluationOptions options, IReadOnlyList<PneumoniaInputCheck>? inputChecks = null)
    {
        if (records.Count != probabilities.Count)
            throw new ArgumentException("There must be one probability per record.", nameof(probabilities));
        bool[] labels = records.Select(r => r.Label).ToArray();
        double level = options.ConfidenceLevel;

        PneumoniaMetrics metrics = MetricsCalculator.Compute(labels, probabilities, threshold);
        PneumoniaConfusionMatrix c = metrics.ConfusionMatrix;
        PneumoniaInterval Proportion(int x, int n) => ProportionIntervals.Compute(x, n, level, options.ProportionInterval);

        var bootstrap = new PatientBootstrap(labels, probabilities, records.Select(r => r.PatientId).ToArray());
        (double f1Lower, double f1Upper) = bootstrap.Interval((l, p) => F1(l, p, threshold),
            options.BootstrapResamples, level, options.Seed);

        var intervals = new PneumoniaMetricIntervals(
            accuracy: Proportion(c.TruePositives + c.TrueNegatives, metrics.Count),
            sensitivity: Proportion(c.TruePositives, c.TruePositives + c.FalseNegatives),
            specificity: Proportion(c.TrueNegatives, c.TrueNegatives + c.FalsePositives),
            precision: Proportion(c.TruePositives, c.TruePositives + c.FalsePositives),
            negativePredictiveValue: Proportion(c.TrueNegatives, c.TrueNegatives + c.FalseNegatives),
            f1: new PneumoniaInterval(metrics.F1, f1Lower, f1Upper, bootstrap.Method(options.BootstrapResamples)),
            auc: DeLongAuc.Compute(labels, probabilities, level));

        IReadOnlyList<PneumoniaPrecisionRecallPoint> precisionRecall = CurveCalculator.PrecisionRecall(labels, probabilities);
        PneumoniaImageScore[] images = records.Select((r, i) => new PneumoniaImageScore(r.ImagePath, r.PatientId,
            LabelOf(r.Label), probabilities[i], LabelOf(probabilities[i] >= threshold), inputChecks?[i])).ToArray();

        return new PneumoniaEvaluation(
            folder: folder,
            metrics: metrics,
            intervals: intervals,
            confidenceLevel: level,
            thresholdOrigin: thresholdOrigin,
            rocCurve: CurveCalculator.Roc(labels, probabilities),
            precisionRecallCurve: precisionRecall,
            averagePrecision: CurveCalculator.AveragePrecision(precisionRecall),
            calibration: CalibrationCalculator.Compute(labels, probabilities, options.CalibrationBins, level, options.ProportionInterval),
            images: images);
    }

    /// <summary>F1 at a threshold; NaN when there is neither a positive image nor a positive call.</summary>
    public static double F1(IReadOnlyList<bool> labels, IReadOnlyList<float> probabilities, double threshold)
    {
        int tp = 0, fp = 0, fn = 0;
        for (int i = 0; i < labels.Count; i++)
        {
            bool called = probabilities[i] >= threshold;
            if (called && labels[i]) tp++;
            else if (called) fp++;
            else if (labels[i]) fn++;
        }
        int denominator = 2 * tp + fp + fn;
        return denominator == 0 ? double.NaN : 2.0 * tp / denominator;
    }

    private static string LabelOf(bool pneumonia) => pneumonia ? ImageFolder.PneumoniaClass : ImageFolder.NormalClass;
}
