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
