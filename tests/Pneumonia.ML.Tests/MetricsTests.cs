using Pneumonia.ML.Evaluation;

namespace Pneumonia.ML.Tests;

public class MetricsTests
{
    // Ten images: 6 pneumonia (true), 4 normal. At threshold 0.5: TP = 5, FN = 1, TN = 3, FP = 1.
    private static readonly bool[] Labels = [true, true, true, true, true, true, false, false, false, false];
    private static readonly float[] Scores = [0.9f, 0.8f, 0.7f, 0.6f, 0.55f, 0.3f, 0.65f, 0.4f, 0.2f, 0.1f];

    [Fact]
    public void Threshold_metrics_equal_hand_computed_values()
    {
        PneumoniaMetrics m = MetricsCalculator.Compute(Labels, Scores, 0.5);

        Assert.Equal(new PneumoniaConfusionMatrix(truePositives: 5, falsePositives: 1, trueNegatives: 3, falseNegatives: 1), m.ConfusionMatrix);
        Assert.Equal(10, m.Count);
        Assert.Equal(0.8, m.Accuracy, 12);
        Assert.Equal(5.0 / 6, m.Sensitivity, 12);
        Assert.Equal(0.75, m.Specificity, 12);
        Assert.Equal(5.0 / 6, m.Precision, 12);
        Assert.Equal(0.75, m.NegativePredictiveValue, 12);
        Assert.Equal(5.0 / 6, m.F1, 12);
        Assert.Equal(0.5, m.Threshold);
    }

    [Fact]
    public void Auc_counts_the_positive_negative_pairs_in_order()
    {
        // Of 6 × 4 = 24 pairs, the positives 0.6, 0.55 and 0.3 lose to the negative 0.65, and 0.3 also to 0.4: 20 / 24.
        Assert.Equal(20.0 / 24, MetricsCalculator.Compute(Labels, Scores, 0.5).Auc, 12);
    }

    [Fact]
    public void Auc_counts_ties_as_one_half()
    {
        Assert.Equal(0.5, MetricsCalculator.Auc([true, false], [0.5f, 0.5f]), 12);
        Assert.Equal(0.75, MetricsCalculator.Auc([true, true, false], [0.5f, 0.7f, 0.5f]), 12);
    }

    [Fact]
    public void Log_loss_is_the_mean_cross_entropy()
    {
        double expected = -(Math.Log(0.9) + Math.Log(0.2)) / 2;
        Assert.Equal(expected, MetricsCalculator.Compute([true, false], [0.9f, 0.8f], 0.5).LogLoss, 6);
    }

    [Fact]
    public void Undefined_ratios_are_NaN_not_zero()
    {
        PneumoniaMetrics m = MetricsCalculator.Compute([false, false], [0.1f, 0.2f], 0.5);
        Assert.True(double.IsNaN(m.Sensitivity));
        Assert.True(double.IsNaN(m.Precision));
        Assert.True(double.IsNaN(m.Auc));
        Assert.Equal(1.0, m.Specificity);
    }
}
