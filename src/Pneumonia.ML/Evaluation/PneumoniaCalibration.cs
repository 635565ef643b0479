namespace Pneumonia.ML;

/// <summary>How far the predicted probabilities can be read as frequencies.</summary>
/// <param name="BrierScore">Mean of (probability − outcome)², outcome 1 for pneumonia: 0 is perfect; always
/// answering the prevalence π scores π(1 − π).</param>
/// <param name="ExpectedCalibrationError">Σ over bins of (images in bin / images) × |mean probability − observed
/// frequency of pneumonia|, over the equal-width <paramref name="Bins"/>.</param>
/// <param name="Bins">The reliability curve: equal-width probability bins from 0 to 1, empty ones included.</param>
public sealed record PneumoniaCalibration(double BrierScore, double ExpectedCalibrationError, IReadOnlyList<PneumoniaCalibrationBin> Bins);

/// <summary>One bin of the reliability curve: images whose probability fell in [<paramref name="Lower"/>, <paramref name="Upper"/>)
/// (the last bin includes 1).</summary>
/// <param name="Lower">Lowest probability of the bin.</param>
/// <param name="Upper">Upper edge of the bin.</param>
/// <param name="Count">Images in the bin.</param>
/// <param name="MeanProbability">Mean predicted probability of those images; NaN when the bin is empty.</param>
/// <param name="ObservedFrequency">Share of those images that show pneumonia; NaN when the bin is empty.</param>
/// <param name="ObservedInterval">Confidence interval of <paramref name="ObservedFrequency"/> (a proportion).</param>
public sealed record PneumoniaCalibrationBin(double Lower, double Upper, int Count, double MeanProbability,
    double ObservedFrequency, PneumoniaInterval ObservedInterval);
