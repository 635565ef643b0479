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

/// <summary>One point of the precision–recall curve at a probability threshold.</summary>
public sealed record PneumoniaPrecisionRecallPoint
{
    internal PneumoniaPrecisionRecallPoint(double threshold, double recall, double precision)
    {
        Threshold = threshold;
        Recall = recall;
        Precision = precision;
    }

    /// <summary>The probability threshold; +∞ for the curve's first point (recall 0, precision 1 by convention).</summary>
    public double Threshold { get; }

    /// <summary>Sensitivity.</summary>
    public double Recall { get; }

    /// <summary>Positive predictive value.</summary>
    public double Precision { get; }
}
