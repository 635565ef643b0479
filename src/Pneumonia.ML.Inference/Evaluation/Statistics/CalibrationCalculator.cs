namespace Pneumonia.ML.Evaluation.Statistics;

/// <summary>Brier score, expected calibration error and the reliability curve over equal-width bins.</summary>
internal static class CalibrationCalculator
{
    public static PneumoniaCalibration Compute(IReadOnlyList<bool> labels, IReadOnlyList<float> probabilities, int binCount,
        double level, PneumoniaProportionInterval intervalMethod)
    {
        int n = labels.Count;
        double brier = 0;
        var counts = new int[binCount];
        var positives = new int[binCount];
        var probabilitySums = new double[binCount];
        for (int i = 0; i < n; i++)
        {
            double p = probabilities[i], y = labels[i] ? 1 : 0;
            brier += (p - y) * (p - y);
            int bin = Math.Clamp((int)Math.Floor(p * binCount), 0, binCount - 1);
            counts[bin]++;
            probabilitySums[bin] += p;
            if (labels[i]) positives[bin]++;
        }

        var bins = new PneumoniaCalibrationBin[binCount];
        double ece = 0;
        for (int b = 0; b < binCount; b++)
        {
            double mean = counts[b] == 0 ? double.NaN : probabilitySums[b] / counts[b];
            PneumoniaInterval observed = ProportionIntervals.Compute(positives[b], counts[b], level, intervalMethod);
            bins[b] = new PneumoniaCalibrationBin((double)b / binCount, (double)(b + 1) / binCount, counts[b], mean,
                observed.Estimate, observed);
            if (counts[b] > 0) ece += (double)counts[b] / n * Math.Abs(mean - observed.Estimate);
        }
        return n == 0
            ? new PneumoniaCalibration(double.NaN, double.NaN, bins)
            : new PneumoniaCalibration(brier / n, ece, bins);
    }
}
