namespace Pneumonia.ML;

/// <summary>A point estimate with its confidence interval. All three are <see cref="double.NaN"/> when undefined.</summary>
public sealed record PneumoniaInterval
{
    internal PneumoniaInterval(double estimate, double lower, double upper, string method)
    {
        Estimate = estimate;
        Lower = lower;
        Upper = upper;
        Method = method;
    }

    /// <summary>The value measured on the evaluated images.</summary>
    public double Estimate { get; }

    /// <summary>Lower bound of the interval.</summary>
    public double Lower { get; }

    /// <summary>Upper bound of the interval.</summary>
    public double Upper { get; }

    /// <summary>How the interval was computed, in words (for example <c>"Wilson score"</c> or <c>"DeLong"</c>).</summary>
    public string Method { get; }
}
