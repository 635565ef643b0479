namespace Pneumonia.WebApi;

/// <summary>The JSON answer of POST /predict.</summary>
/// <param name="Label">"PNEUMONIA" or "NORMAL".</param>
/// <param name="Probability">Probability of pneumonia, in [0, 1].</param>
/// <param name="Threshold">Probability at or above which the label is PNEUMONIA.</param>
internal sealed record PredictionResponse(string Label, float Probability, double Threshold);
