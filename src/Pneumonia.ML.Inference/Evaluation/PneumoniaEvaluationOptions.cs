namespace Pneumonia.ML;

/// <summary>How <c>PneumoniaClassifier.EvaluateDetailed</c> computes its intervals and calibration.</summary>
public sealed class PneumoniaEvaluationOptions
{
    /// <summary>Coverage of every confidence interval. Default: 0.95.</summary>
    public double ConfidenceLevel { get; set; } = 0.95;

    /// <summary>Interval for accuracy, sensitivity, specificity, PPV and NPV. Default: <see cref="PneumoniaProportionInterval.Wilson"/>.</summary>
    public PneumoniaProportionInterval ProportionInterval { get; set; } = PneumoniaProportionInterval.Wilson;

    /// <summary>Bootstrap resamples for the F1 interval. Default: 2,000.</summary>
    public int BootstrapResamples { get; set; } = 2000;

    /// <summary>Equal-width probability bins of the reliability curve and the expected calibration error. Default: 10.</summary>
    public int CalibrationBins { get; set; } = 10;

    /// <summary>Seed of the bootstrap: the same seed and scores give the same intervals. Default: 0.</summary>
    public int Seed { get; set; }

    internal void Validate()
    {
        if (!(ConfidenceLevel > 0 && ConfidenceLevel < 1))
            throw new ArgumentOutOfRangeException(nameof(ConfidenceLevel), ConfidenceLevel, $"{nameof(ConfidenceLevel)} must be in (0, 1).");
        if (!Enum.IsDefined(ProportionInterval))
            throw new ArgumentOutOfRangeException(nameof(ProportionInterval), ProportionInterval, "Unknown interval method.");
        if (BootstrapResamples < 100)
            throw new ArgumentOutOfRangeException(nameof(BootstrapResamples), BootstrapResamples, $"{nameof(BootstrapResamples)} must be at least 100.");
        if (CalibrationBins is < 2 or > 100)
            throw new ArgumentOutOfRangeException(nameof(CalibrationBins), CalibrationBins, $"{nameof(CalibrationBins)} must be between 2 and 100.");
    }
}
