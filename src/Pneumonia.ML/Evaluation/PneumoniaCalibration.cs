namespace Pneumonia.ML;

/// <summary>How far the predicted probabilities can be read as frequencies.</summary>
public sealed record PneumoniaCalibration
{
    internal PneumoniaCalibration(double brierScore, double expectedCalibrationError, IReadOnlyList<PneumoniaCalibrationBin> bins)
    {
        BrierScore = brierScore;
        ExpectedCalibrationError = expectedCalibrationError;
        Bins = bins;
    }

    /// <summary>
    /// Mean of (probability − outcome)², outcome 1 for pneumonia: 0 is perfect; always
    /// answering the prevalence π scores π(1 − π).
    /// </summary>
    public double BrierScore { get; }

    /// <summary>
    /// Σ over bins of (images in bin / images) × |mean probability − observed
    /// frequency of pneumonia|, over the equal-width <see cref="Bins"/>.
    /// </summary>
    public double ExpectedCalibrationError { get; }

    /// <summary>The reliability curve: equal-width probability bins from 0 to 1, empty ones included.</summary>
    public IReadOnlyList<PneumoniaCalibrationBin> Bins { get; }
}

/// <summary>One bin of the reliability curve: images whose probability fell in [<see cref="Lower"/>, <see cref="Upper"/>)
/// (the last bin includes 1).</summary>
public sealed record PneumoniaCalibrationBin
{
    internal PneumoniaCalibrationBin(double lower, double upper, int count, double meanProbability, double observedFrequency, PneumoniaInterval observedInterval)
    {
        Lower = lower;
        Upper = upper;
        Count = count;
        MeanProbability = meanProbability;
        ObservedFrequency = observedFrequency;
        ObservedInterval = observedInterval;
    }

    /// <summary>Lowest probability of the bin.</summary>
    public double Lower { get; }

    /// <summary>Upper edge of the bin.</summary>
    public double Upper { get; }

    /// <summary>Images in the bin.</summary>
    public int Count { get; }

    /// <summary>Mean predicted probability of those images; NaN when the bin is empty.</summary>
    public double MeanProbability { get; }

    /// <summary>Share of those images that show pneumonia; NaN when the bin is empty.</summary>
    public double ObservedFrequency { get; }

    /// <summary>Confidence interval of <see cref="ObservedFrequency"/> (a proportion).</summary>
    public PneumoniaInterval ObservedInterval { get; }
}
