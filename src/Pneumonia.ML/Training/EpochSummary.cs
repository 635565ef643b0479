namespace Pneumonia.ML;

/// <summary>The figures of one finished training epoch.</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="Loss">Mean training loss.</param>
/// <param name="Accuracy">Training accuracy at a 0.5 threshold.</param>
/// <param name="Validation">Validation metrics, when a validation split exists.</param>
public sealed record PneumoniaEpochSummary(int Epoch, double Loss, double Accuracy, PneumoniaMetrics? Validation);
