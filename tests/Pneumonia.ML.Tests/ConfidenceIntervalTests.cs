using Pneumonia.ML.Evaluation;
using Pneumonia.ML.Evaluation.Statistics;

namespace Pneumonia.ML.Tests;

public class ConfidenceIntervalTests
{
    // Newcombe RG (1998), "Two-sided confidence intervals for the single proportion: comparison of seven methods",
    // Statistics in Medicine 17:857–872, Table I: method 3 (Wilson score) and method 5 (Clopper–Pearson exact).
    [Theory]
    [InlineData(81, 263, 0.2553, 0.3662, 0.2527, 0.3676)]
    [InlineData(15, 148, 0.0624, 0.1605, 0.0578, 0.1617)]
    [InlineData(0, 20, 0.0000, 0.1611, 0.0000, 0.1684)]
    [InlineData(1, 29, 0.0061, 0.1718, 0.0009, 0.1776)]
    public void Proportion_intervals_equal_Newcombes_published_values(int x, int n,
        double wilsonLower, double wilsonUpper, double exactLower, double exactUpper)
    {
        PneumoniaInterval wilson = ProportionIntervals.Compute(x, n, 0.95, PneumoniaProportionInterval.Wilson);
        PneumoniaInterval exact = ProportionIntervals.Compute(x, n, 0.95, PneumoniaProportionInterval.ClopperPearson);

        Assert.Equal((double)x / n, wilson.Estimate, 12);
        Assert.Equal(wilsonLower, wilson.Lower, 4);
        Assert.Equal(wilsonUpper, wilson.Upper, 4);
        Assert.Equal(exactLower, exact.Lower, 4);
        Assert.Equal(exactUpper, exact.Upper, 4);
        Assert.Equal("Wilson score", wilson.Method);
    }

    [Fact]
    public void A_higher_confidence_level_gives_a_wider_interval_and_no_trials_give_NaN()
    {
        PneumoniaInterval at90 = ProportionIntervals.Compute(30, 40, 0.90, PneumoniaProportionInterval.Wilson);
        PneumoniaInterval at99 = ProportionIntervals.Compute(30, 40, 0.99, PneumoniaProportionInterval.Wilson);
        Assert.True(at99.Lower < at90.Lower && at99.Upper > at90.Upper);
        Assert.True(double.IsNaN(ProportionIntervals.Compute(0, 0, 0.95, PneumoniaProportionInterval.Wilson).Lower));
    }

    // Hanley JA, McNeil BJ (1982), "The meaning and use of the area under a ROC curve", Radiology 143:29–36, Table 1:
    // CT ratings (1 = definitely normal … 5 = definitely abnormal) of 58 normal and 51 abnormal patients. AUC 0.893.
    private static (bool[] Labels, float[] Scores) HanleyMcNeil()
    {
        int[] normal = [33, 6, 6, 11, 2], abnormal = [3, 2, 2, 11, 33];
        var labels = new List<bool>();
        var scores = new List<float>();
        for (int rating = 1; rating <= 5; rating++)
        {
            for (int k = 0; k < normal[rating - 1]; k++) { labels.Add(false); scores.Add(rating); }
            for (int k = 0; k < abnormal[rating - 1]; k++) { labels.Add(true); scores.Add(rating); }
        }
        return (labels.ToArray(), scores.ToArray());
    }

    [Fact]
    public void DeLong_gives_the_published_AUC_and_the_structural_component_variance()
    {
        (bool[] labels, float[] scores) = HanleyMcNeil();
        (double auc, double standardError) = DeLongAuc.AucWithStandardError(labels, scores);

        Assert.Equal(0.893, auc, 3);
        Assert.Equal(MetricsCalculator.Auc(labels, scores), auc, 12);
        Assert.Equal(BruteForceDeLongStandardError(labels, scores), standardError, 12);
        // Hanley and McNeil's own (exponential-model) standard error is 0.032; DeLong's is model-free and close to it.
        Assert.InRange(standardError, 0.028, 0.034);
    }

    [Fact]
    public void The_AUC_interval_contains_the_estimate_and_shrinks_with_more_images()
    {
        (bool[] labels, float[] scores) = HanleyMcNeil();
        PneumoniaInterval small = DeLongAuc.Compute(labels, scores, 0.95);
        PneumoniaInterval large = DeLongAuc.Compute(Repeat(labels, 4), Repeat(scores, 4), 0.95);

        Assert.InRange(small.Estimate, small.Lower, small.Upper);
        Assert.Equal(small.Estimate, large.Estimate, 12);
        Assert.InRange(large.Estimate, large.Lower, large.Upper);
        // Four times the images: about half the width.
        double ratio = (large.Upper - large.Lower) / (small.Upper - small.Lower);
        Assert.InRange(ratio, 0.45, 0.55);
    }

    [Fact]
    public void Patient_bootstrap_of_the_AUC_agrees_with_DeLong()
    {
        (bool[] labels, float[] scores) = HanleyMcNeil();
        string[] patients = labels.Select((_, i) => $"p{i}").ToArray();
        var bootstrap = new PatientBootstrap(labels, scores, patients);
        (double lower, double upper) = bootstrap.Interval(MetricsCalculator.Auc, 2000, 0.95, seed: 1);
        PneumoniaInterval delong = DeLongAuc.Compute(labels, scores, 0.95);

        Assert.InRange(delong.Estimate, lower, upper);
        // The bootstrap's percentiles follow the skew near AUC = 1 that DeLong's symmetric interval ignores: close, not equal.
        Assert.InRange(lower, delong.Lower - 0.015, delong.Lower + 0.015);
        Assert.InRange(upper, delong.Upper - 0.015, delong.Upper + 0.015);
        Assert.InRange(upper - lower, 0.8 * (delong.Upper - delong.Lower), 1.2 * (delong.Upper - delong.Lower));
    }

    [Fact]
    public void Bootstrap_F1_interval_contains_the_estimate_shrinks_with_n_and_repeats_with_its_seed()
    {
        var random = new Random(7);
        bool[] labels = Enumerable.Range(0, 200).Select(i => i % 2 == 0).ToArray();
        float[] scores = labels.Select(l => (float)Math.Clamp((l ? 0.65 : 0.35) + 0.25 * (random.NextDouble() - 0.5) * 2, 0, 1)).ToArray();
        string[] patients = labels.Select((_, i) => $"p{i}").ToArray();
        double f1 = EvaluationCalculator.F1(labels, scores, 0.5);

        var small = new PatientBootstrap(labels[..50], scores[..50], patients[..50]).Interval((l, s) => EvaluationCalculator.F1(l, s, 0.5), 1000, 0.95, 3);
        var large = new PatientBootstrap(labels, scores, patients).Interval((l, s) => EvaluationCalculator.F1(l, s, 0.5), 1000, 0.95, 3);
        var again = new PatientBootstrap(labels, scores, patients).Interval((l, s) => EvaluationCalculator.F1(l, s, 0.5), 1000, 0.95, 3);

        Assert.InRange(f1, large.Lower, large.Upper);
        Assert.True(large.Upper - large.Lower < 0.75 * (small.Upper - small.Lower),
            $"200 images should give a narrower interval than 50: {large} vs {small}");
        Assert.Equal(large, again);
    }

    [Fact]
    public void The_bootstrap_resamples_patients_not_images()
    {
        // Two patients with 50 identical images each: resampling images would make the interval a point;
        // resampling patients makes each resample all-right or all-wrong.
        bool[] labels = Enumerable.Repeat(true, 100).ToArray();
        float[] scores = Enumerable.Range(0, 100).Select(i => i < 50 ? 0.9f : 0.1f).ToArray();
        string[] patients = Enumerable.Range(0, 100).Select(i => i < 50 ? "a" : "b").ToArray();
        (double lower, double upper) = new PatientBootstrap(labels, scores, patients)
            .Interval((l, s) => s.Count(p => p >= 0.5) / (double)s.Count, 500, 0.95, 5);
        Assert.Equal(0, lower, 12);
        Assert.Equal(1, upper, 12);
    }

    private static double BruteForceDeLongStandardError(bool[] labels, float[] scores)
    {
        float[] x = scores.Where((_, i) => labels[i]).ToArray(), y = scores.Where((_, i) => !labels[i]).ToArray();
        static double Psi(float a, float b) => a > b ? 1 : a == b ? 0.5 : 0;
        double[] v10 = x.Select(a => y.Average(b => Psi(a, b))).ToArray();
        double[] v01 = y.Select(b => x.Average(a => Psi(a, b))).ToArray();
        double auc = v10.Average();
        double s10 = v10.Sum(v => (v - auc) * (v - auc)) / (x.Length - 1);
        double s01 = v01.Sum(v => (v - auc) * (v - auc)) / (y.Length - 1);
        return Math.Sqrt(s10 / x.Length + s01 / y.Length);
    }

    private static T[] Repeat<T>(T[] values, int times) => Enumerable.Repeat(values, times).SelectMany(v => v).ToArray();
}
