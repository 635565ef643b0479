namespace Pneumonia.ML;

/// <summary>One point of the ROC curve: what calling every image with probability ≥ <see cref="Threshold"/> pneumonia gives.</summary>
public sealed record PneumoniaRocPoint
{
    internal PneumoniaRocPoint(double threshold, double falsePositiveRate, double truePositiveRate)
    {
        Threshold = threshold;
        FalsePositiveRate = falsePositiveRate;
        TruePositiveRate = truePositiveRate;
    }

    /// <summary>The probability threshold; +∞ for the curve's first point (nothing called pneumonia).</summary>
    public double Threshold { get; }

    /// <summary>1 − specificity.</summary>
    public double FalsePositiveRate { get; }

    /// <summary>Sensitivity.</summary>
    public double TruePositiveRate { get; }
}
