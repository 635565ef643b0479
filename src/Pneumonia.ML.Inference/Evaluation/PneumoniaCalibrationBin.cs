namespace Pneumonia.ML;

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
