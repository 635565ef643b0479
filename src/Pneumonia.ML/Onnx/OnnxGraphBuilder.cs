using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;

namespace Pneumonia.ML.Onnx;

/// <summary>Appends nodes and initializers to an ONNX graph (opset <see cref="Opset"/>), naming tensors uniquely.</summary>
internal sealed class OnnxGraphBuilder
{
    /// <summary>The ONNX operator set the graphs use (per-axis DequantizeLinear needs 13).</summary>
    public const int Opset = 13;

    private int _counter;

    public GraphProto Graph { get; } = new() { Name = "pneumonia" };

    /// <summary>Put before every node output and initializer named from now on (an ensemble's <c>member0.</c>, …); empty by default.</summary>
    public string Prefix { get; set; } = "";

    /// <summary>
    /// Set by a network's exporter: the tensor of its pooled last-convolution features (N×C, the global average of the
    /// feature map <see cref="Models.IFeatureMapNetwork"/> gives), which the graph's <c>features</c> output shows.
    /// </summary>
    public string? PooledFeatures { get; set; }

    /// <summary>Adds a float input of the given shape; a null dimension is the symbolic batch size "N".</summary>
    public string Input(string name, params long?[] shape)
    {
        Graph.Input.Add(ValueInfo(name, TensorProto.Types.DataType.Float, shape));
        return name;
    }

    /// <summary>Declares <paramref name="tensor"/> a float graph output of the given shape.</summary>
    public void Output(string tensor, params long?[] shape) =>
        Graph.Output.Add(ValueInfo(tensor, TensorProto.Types.DataType.Float, shape));

    /// <summary>Adds a node with one output, named after the operator and a counter, and returns that name.</summary>
    public string Node(string opType, IEnumerable<string> inputs, params AttributeProto[] attributes) =>
        NamedNode($"{opType.ToLowerInvariant()}_{++_counter}", opType, inputs, attributes);

    /// <summary>Adds a node whose one output is <paramref name="output"/> (a name calibration ranges are stored under).</summary>
    public string NamedNode(string output, string opType, IEnumerable<string> inputs, params AttributeProto[] attributes)
    {
        output = Prefix + output;
        var node = new NodeProto { OpType = opType, Name = output };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        Graph.Node.Add(node);
        return output;
    }

    public string Initializer(string name, ReadOnlySpan<float> values, params long[] dims) =>
        Initializer(name, TensorProto.Types.DataType.Float, MemoryMarshal.AsBytes(values), dims);

    public string Initializer(string name, ReadOnlySpan<int> values, params long[] dims) =>
        Initializer(name, TensorProto.Types.DataType.Int32, MemoryMarshal.AsBytes(values), dims);

    public string Initializer(string name, ReadOnlySpan<sbyte> values, params long[] dims) =>
        Initializer(name, TensorProto.Types.DataType.Int8, MemoryMarshal.AsBytes(values), dims);

    public string Initializer(string name, ReadOnlySpan<byte> values, params long[] dims) =>
        Initializer(name, TensorProto.Types.DataType.Uint8, values, dims);

    /// <summary>Raw little-endian data, as ONNX specifies (and as every platform .NET runs on stores it).</summary>
    private string Initializer(string name, TensorProto.Types.DataType type, ReadOnlySpan<byte> raw, long[] dims)
    {
        name = Prefix + name;
        var tensor = new TensorProto { Name = name, DataType = (int)type, RawData = ByteString.CopyFrom(raw) };
        tensor.Dims.AddRange(dims);
        Graph.Initializer.Add(tensor);
        return name;
    }

    public static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    /// <summary>The graph as a model with the standard domain at <see cref="Opset"/>.</summary>
    public ModelProto ToModel()
    {
        var model = new ModelProto
        {
            IrVersion = 8,
            ProducerName = "Pneumonia.ML",
            Graph = Graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        return model;
    }

    public static ValueInfoProto ValueInfo(string name, TensorProto.Types.DataType type, long?[]? shape)
    {
        var tensorType = new TypeProto.Types.Tensor { ElemType = (int)type };
        if (shape is not null)
        {
            tensorType.Shape = new TensorShapeProto();
            foreach (long? dim in shape)
                tensorType.Shape.Dim.Add(dim is long value
                    ? new TensorShapeProto.Types.Dimension { DimValue = value }
                    : new TensorShapeProto.Types.Dimension { DimParam = "N" });
        }
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = tensorType } };
    }
}
