namespace Pneumonia.ML;

/// <summary>One row of a network summary, like a line of Keras' <c>model.summary()</c>.</summary>
public sealed record PneumoniaLayerSummary
{
    internal PneumoniaLayerSummary(string name, string kind, IReadOnlyList<long> outputShape, long parameters)
    {
        Name = name;
        Kind = kind;
        OutputShape = outputShape;
        Parameters = parameters;
    }

    /// <summary>The layer's name inside the network.</summary>
    public string Name { get; }

    /// <summary>The layer's type (Conv2d, MaxPool2d, Linear, …).</summary>
    public string Kind { get; }

    /// <summary>Shape of its output for one image, channels first.</summary>
    public IReadOnlyList<long> OutputShape { get; }

    /// <summary>Number of trainable and frozen parameters it holds.</summary>
    public long Parameters { get; }
}
