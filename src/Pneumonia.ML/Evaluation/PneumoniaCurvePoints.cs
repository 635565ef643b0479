namespace Pneumonia.ML;

/// <summary>One point of the ROC curve: what calling every image with probability ≥ <paramref name="Threshold"/> pneumonia gives.</summary>
/// <param name="Threshold">The probability threshold; +∞ for the curve's first point (nothing called pneumonia).</param>
/// <param name="FalsePositiveRate">1 − specificity.</param>
/// <param name="TruePositiveRate">Sensitivity.</param>
public sealed record PneumoniaRocPoint(double Threshold, double FalsePositiveRate, double TruePositiveRate);

/// <summary>One point of the precision–recall curve at a probability threshold.</summary>
/// <param name="Threshold">The probability threshold; +∞ for the curve's first point (recall 0, precision 1 by convention).</param>
/// <param name="Recall">Sensitivity.</param>
/// <param name="Precision">Positive predictive value.</param>
public sealed record PneumoniaPrecisionRecallPoint(double Threshold, double Recall, double Precision);
