namespace Pneumonia.WebApi;

/// <summary>The JSON answer of POST /predict.</summary>
/// <param name="Label">"PNEUMONIA" or "NORMAL".</param>
/// <param name="Probability">Probability of pneumonia, in [0, 1].</param>
/// <param name="Threshold">Probability at or above which the label is PNEUMONIA.</param>
/// <param name="UnusualImage">True when the image does not look like a chest X-ray the model was trained on: the label and probability then mean nothing.</param>
/// <param name="UnusualReason">Why the image is unusual; null when it is not.</param>
/// <param name="Class">A multi-class model's most probable class; absent for a binary model.</param>
/// <param name="ClassProbabilities">A multi-class model's probability of every class, by name; absent for a binary model.</param>
internal sealed record PredictionResponse(string Label, float Probability, double Threshold, bool UnusualImage, string? UnusualReason,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Class = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, float>? ClassProbabilities = null);
