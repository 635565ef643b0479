namespace Pneumonia.ML;

/// <summary>A point estimate with its confidence interval. All three are <see cref="double.NaN"/> when undefined.</summary>
/// <param name="Estimate">The value measured on the evaluated images.</param>
/// <param name="Lower">Lower bound of the interval.</param>
/// <param name="Upper">Upper bound of the interval.</param>
/// <param name="Method">How the interval was computed, in words (for example <c>"Wilson score"</c> or <c>"DeLong"</c>).</param>
public sealed record PneumoniaInterval(double Estimate, double Lower, double Upper, string Method);
