namespace Pneumonia.ML;

/// <summary>One row of a network summary, like a line of Keras' <c>model.summary()</c>.</summary>
/// <param name="Name">The layer's name inside the network.</param>
/// <param name="Kind">The layer's type (Conv2d, MaxPool2d, Linear, …).</param>
/// <param name="OutputShape">Shape of its output for one image, channels first.</param>
/// <param name="Parameters">Number of trainable and frozen parameters it holds.</param>
public sealed record PneumoniaLayerSummary(string Name, string Kind, IReadOnlyList<long> OutputShape, long Parameters);
