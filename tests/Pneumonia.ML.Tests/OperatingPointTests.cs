using Pneumonia.ML.Evaluation;

namespace Pneumonia.ML.Tests;

public class OperatingPointTests
{
    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    private static double Logit(double p) => Math.Log(p / (1 - p));

    [Fact]
    public void The_plateau_rule_takes_the_centre_of_the_perfect_gap_in_logit_space_not_its_midpoint()
    {
        bool[] labels = [false, false, true, true];
        float[] scores = [0.001f, 0.002f, 0.5f, 0.6f];
        double expected = Sigmoid((Logit(0.002f) + Logit(0.5)) / 2); // ≈ 0.043
        Assert.Equal(expected, ThresholdSelector.CentreOfYoudenPlateau(labels, scores, 0.5), 6);
        Assert.Equal(0.251, ThresholdSelector.MaximiseYouden(labels, scores, 0.5), 3);
    }

    [Fact]
    public void The_plateau_takes_in_neighbouring_cuts_whose_J_is_almost_as_high()
    {
        // 300 normals at 0.01 and one at 0.3; 300 pneumonias at 0.9. Cutting in (0.01, 0.3] misses only that one normal:
        // J = 1 − 1/301, within the tolerance of the perfect cut in (0.3, 0.9], so the plateau is (0.01, 0.9].
        var labels = Enumerable.Repeat(false, 301).Concat(Enumerable.Repeat(true, 300)).ToArray();
        var scores = Enumerable.Repeat(0.01f, 300).Append(0.3f).Concat(Enumerable.Repeat(0.9f, 300)).ToArray();
        double expected = Sigmoid((Logit(0.01f) + Logit(0.9f)) / 2);
        Assert.Equal(expected, ThresholdSelector.CentreOfYoudenPlateau(labels, scores, 0.5), 6);
    }

    [Fact]
    public void A_sensitivity_target_gives_the_highest_threshold_that_meets_it()
    {
        bool[] labels = [.. Enumerable.Repeat(true, 10), false, false];
        float[] scores = [0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f, 0.9f, 1f, 0.05f, 0.55f];
        double threshold = ThresholdSelector.ForSensitivity(labels, scores, 0.9, 0.5);
        Assert.Equal(0.15, threshold, 6);
        Assert.Equal(0.9, MetricsCalculator.Compute(labels, scores, threshold).Sensitivity, 6);
        Assert.Equal(0.8, MetricsCalculator.Compute(labels, scores, 0.25).Sensitivity, 6); // any higher cut misses it
    }

    [Fact]
    public void A_specificity_target_gives_the_lowest_threshold_that_meets_it()
    {
        bool[] labels = [.. Enumerable.Repeat(false, 10), true];
        float[] scores = [0.01f, 0.02f, 0.03f, 0.04f, 0.05f, 0.06f, 0.07f, 0.08f, 0.09f, 0.1f, 0.5f];
        double threshold = ThresholdSelector.ForSpecificity(labels, scores, 0.95, 0.5);
        Assert.Equal(0.3, threshold, 6);
        Assert.Equal(1.0, MetricsCalculator.Compute(labels, scores, threshold).Specificity);
        // 85% of ten normals: clear the lowest nine (⌈8.5⌉), so the cut lies between the ninth and the tenth.
        Assert.Equal(0.095, ThresholdSelector.ForSpecificity(labels, scores, 0.85, 0.5), 6);
    }

    [Theory]
    [InlineData(1.0, 0.0)]
    [InlineData(0.5, -1.0)]
    [InlineData(2.0, 0.5)]
    public void Platt_scaling_recovers_the_slope_and_intercept_that_made_the_labels(double slope, double intercept)
    {
        var random = new Random(11);
        var logits = new float[20000];
        var labels = new bool[logits.Length];
        for (int i = 0; i < logits.Length; i++)
        {
            logits[i] = (float)(random.NextDouble() * 12 - 6);
            labels[i] = random.NextDouble() < Sigmoid(slope * logits[i] + intercept);
        }
        (double a, double b) = PlattScaling.Fit(labels, logits);
        Assert.Equal(slope, a, 0.1 * slope);
        Assert.Equal(intercept, b, 0.1);
    }

    [Fact]
    public void Platt_scaling_stays_finite_on_separable_scores()
    {
        (double a, double b) = PlattScaling.Fit([false, false, true, true], [-3f, -2f, 2f, 3f]);
        Assert.True(double.IsFinite(a) && double.IsFinite(b) && a > 0, $"slope {a}, intercept {b}");
    }
}
