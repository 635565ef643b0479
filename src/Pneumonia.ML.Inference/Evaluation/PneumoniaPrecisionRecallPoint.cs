namespace Pneumonia.ML;

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
