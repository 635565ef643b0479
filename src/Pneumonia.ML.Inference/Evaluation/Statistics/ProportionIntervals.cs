using MathNet.Numerics.Distributions;

namespace Pneumonia.ML.Evaluation.Statistics;

/// <summary>Confidence intervals of a binomial proportion x / n.</summary>
internal static class ProportionIntervals
{
    public static PneumoniaInterval Compute(int successes, int trials, double level, PneumoniaProportionInterval method)
    {
        if (trials == 0) return new PneumoniaInterval(double.NaN, double.NaN, double.NaN, Describe(method));
        (double lower, double upper) = method == PneumoniaProportionInterval.Wilson
            ? Wilson(successes, trials, level)
            : ClopperPearson(successes, trials, level);
        return new PneumoniaInterval((double)successes / trials, lower, upper, Describe(method));
    }

    public static string Describe(PneumoniaProportionInterval method) =>
        method == PneumoniaProportionInterval.Wilson ? "Wilson score" : "Clopper–Pearson exact";

    /// <summary>
    /// Wilson's score interval: (p̂ + z²/2n ± z √(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n), z the normal quantile at 1 − α/2.
    /// </summary>
    public static (double Lower, double Upper) Wilson(int successes, int trials, double level)
    {
        double z = Normal.InvCDF(0, 1, 1 - (1 - level) / 2);
        double n = trials, p = successes / n, z2 = z * z;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double halfWidth = z * Math.Sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n);
        // At x = 0 or x = n the bound is exactly 0 or 1; rounding must not leave it a hair off.
        double lower = successes == 0 ? 0 : Math.Max(0, centre - halfWidth);
        double upper = successes == trials ? 1 : Math.Min(1, centre + halfWidth);
        return (lower, upper);
    }

    /// <summary>Clopper–Pearson: the α/2 quantile of Beta(x, n − x + 1) and the 1 − α/2 quantile of Beta(x + 1, n − x).</summary>
    public static (double Lower, double Upper) ClopperPearson(int successes, int trials, double level)
    {
        double alpha = 1 - level;
        double lower = successes == 0 ? 0 : Beta.InvCDF(successes, trials - successes + 1, alpha / 2);
        double upper = successes == trials ? 1 : Beta.InvCDF(successes + 1, trials - successes, 1 - alpha / 2);
        return (lower, upper);
    }
}
