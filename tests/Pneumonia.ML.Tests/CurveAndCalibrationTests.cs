using Pneumonia.ML.Evaluation.Statistics;

namespace Pneumonia.ML.Tests;

public class CurveAndCalibrationTests
{
    [Fact]
    public void ROC_and_precision_recall_points_and_average_precision_match_hand_computed_values()
    {
        // scikit-learn's documented example: average_precision_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) = 0.8333.
        bool[] labels = [false, false, true, true];
        float[] scores = [0.1f, 0.4f, 0.35f, 0.8f];

        var roc = CurveCalculator.Roc(labels, scores);
        Assert.Equal([(0.0, 0.0), (0.0, 0.5), (0.5, 0.5), (0.5, 1.0), (1.0, 1.0)],
            roc.Select(p => (p.FalsePositiveRate, p.TruePositiveRate)));
        Assert.Equal(0.8f, (float)roc[1].Threshold);

        var pr = CurveCalculator.PrecisionRecall(labels, scores);
        Assert.Equal([0.0, 0.5, 0.5, 1.0, 1.0], pr.Select(p => p.Recall));
        double[] precision = [1.0, 1.0, 0.5, 2.0 / 3, 0.5];
        for (int i = 0; i < precision.Length; i++) Assert.Equal(precision[i], pr[i].Precision, 12);
        Assert.Equal(0.8333, CurveCalculator.AveragePrecision(pr), 4);
    }

    [Fact]
    public void Tied_scores_make_one_step()
    {
        var roc = CurveCalculator.Roc([true, false, true], [0.5f, 0.5f, 0.9f]);
        Assert.Equal([(0.0, 0.0), (0.0, 0.5), (1.0, 1.0)], roc.Select(p => (p.FalsePositiveRate, p.TruePositiveRate)));
    }

    [Fact]
    public void Brier_score_ECE_and_bins_match_hand_computed_values()
    {
        // Bin [0.2, 0.4): 0.3 (no), 0.3 (yes) → mean 0.3, observed 0.5. Bin [0.8, 0.9): 0.8 (yes), 0.8 (yes) → mean 0.8, observed 1.
        bool[] labels = [false, true, true, true];
        float[] probabilities = [0.3f, 0.3f, 0.8f, 0.8f];
        var calibration = CalibrationCalculator.Compute(labels, probabilities, 5, 0.95, PneumoniaProportionInterval.Wilson);

        double brier = (0.09 + 0.49 + 0.04 + 0.04) / 4;
        Assert.Equal(brier, calibration.BrierScore, 6);
        Assert.Equal(0.5 * 0.2 + 0.5 * 0.2, calibration.ExpectedCalibrationError, 6);
        Assert.Equal(5, calibration.Bins.Count);
        Assert.Equal([0, 2, 0, 0, 2], calibration.Bins.Select(b => b.Count));
        Assert.Equal(0.3, calibration.Bins[1].MeanProbability, 6);
        Assert.Equal(0.5, calibration.Bins[1].ObservedFrequency, 12);
        Assert.Equal(1.0, calibration.Bins[4].ObservedFrequency, 12);
        Assert.True(double.IsNaN(calibration.Bins[0].MeanProbability));
        Assert.InRange(0.5, calibration.Bins[1].ObservedInterval.Lower, calibration.Bins[1].ObservedInterval.Upper);
    }

    [Fact]
    public void A_probability_of_one_falls_in_the_last_bin_and_perfect_calibration_has_no_error()
    {
        var calibration = CalibrationCalculator.Compute([true, false], [1f, 0f], 10, 0.95, PneumoniaProportionInterval.Wilson);
        Assert.Equal(1, calibration.Bins[9].Count);
        Assert.Equal(1, calibration.Bins[0].Count);
        Assert.Equal(0, calibration.BrierScore, 12);
        Assert.Equal(0, calibration.ExpectedCalibrationError, 12);
    }
}
