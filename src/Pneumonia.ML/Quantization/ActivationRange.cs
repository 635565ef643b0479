namespace Pneumonia.ML.Quantization;

/// <summary>The smallest and largest value an activation took on the calibration images.</summary>
internal readonly record struct ActivationRange(float Min, float Max);
