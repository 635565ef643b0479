namespace Pneumonia.ML;

/// <summary>How the confidence intervals of proportions (accuracy, sensitivity, specificity, PPV, NPV) are computed.</summary>
public enum PneumoniaProportionInterval
{
    /// <summary>
    /// Wilson's score interval (Wilson 1927): the interval recommended by Brown, Cai and DasGupta (2001) and
    /// Newcombe (1998), close to its nominal coverage even for small counts and proportions near 0 or 1.
    /// </summary>
    Wilson,

    /// <summary>
    /// The Clopper–Pearson "exact" interval (Clopper and Pearson 1934), from Beta quantiles: never below its
    /// nominal coverage, and therefore wider than it needs to be on average.
    /// </summary>
    ClopperPearson,
}
