using Onnx;
using Pneumonia.ML.Models;
using Pneumonia.ML.Models.Architectures;
using static TorchSharp.torch;

namespace Pneumonia.ML.Onnx;

/// <summary>
/// Writes a network as a float ONNX graph (opset 13) that computes the same probabilities: input "rgb" (N×3×S×S float,
/// RGB in [0, 1], channels first, as <see cref="Data.TensorBatch"/> makes it), outputs "probability" and "logit" (N×1 each).
/// </summary>
internal static class OnnxExport
{
    public const string InputName = "rgb";
    public const string OutputName = "probability";

    /// <summary>The second output: the logit the probability is the sigmoid of (N×1).</summary>
    public const string LogitName = "logit";

    /// <summary>
    /// Writes decoded images (C×S×S bytes each) as the graph's input: pixels ÷ 255, as <see cref="Data.TensorBatch"/>
    /// turns them into the TorchSharp network's input.
    /// </summary>
    public static void WriteInput(IReadOnlyList<byte[]> pixels, int start, int count, Span<float> target)
    {
        for (int i = 0; i < count; i++)
        {
            byte[] image = pixels[start + i];
            Span<float> slice = target.Slice(i * image.Length, image.Length);
            for (int j = 0; j < image.Length; j++) slice[j] = image[j] / 255f;
        }
    }

    /// <summary>The network as a graph whose outputs are its own logit and that logit's sigmoid.</summary>
    public static ModelProto Build(nn.Module<Tensor, Tensor> network, int imageSize)
    {
        var g = new OnnxGraphBuilder();
        string input = g.Input(InputName, null, 3, imageSize, imageSize);
        return OnnxLayers.Finish(g, Logit(g, input, network, imageSize));
    }

    /// <summary>
    /// The graph with Platt scaling between the network's logit and the outputs: "logit" becomes slope · logit +
    /// intercept and "probability" its sigmoid. Unchanged for slope 1 and intercept 0. Apply it after quantizing: the
    /// calibration stays in float.
    /// </summary>
    public static ModelProto Calibrate(ModelProto model, double slope, double intercept)
    {
        if (slope == 1 && intercept == 0) return model;
        GraphProto graph = model.Graph;
        NodeProto sigmoid = graph.Node.Single(n => n.Output[0] == OutputName);
        NodeProto identity = graph.Node.Single(n => n.Output[0] == LogitName);
        string raw = sigmoid.Input[0];
        const string slopeName = "calibration.slope", interceptName = "calibration.intercept", scaled = "calibration.scaled", calibrated = "calibration.logit";
        graph.Initializer.Add(Scalar(slopeName, slope));
        graph.Initializer.Add(Scalar(interceptName, intercept));
        int at = Math.Min(graph.Node.IndexOf(sigmoid), graph.Node.IndexOf(identity)); // nodes stay in topological order
        graph.Node.Insert(at, Node("Add", calibrated, scaled, interceptName));
        graph.Node.Insert(at, Node("Mul", scaled, raw, slopeName));
        sigmoid.Input[0] = calibrated;
        identity.Input[0] = calibrated;
        return model;

        static NodeProto Node(string op, string output, string a, string b)
        {
            var node = new NodeProto { OpType = op, Name = output };
            node.Input.Add(a);
            node.Input.Add(b);
            node.Output.Add(output);
            return node;
        }

        static TensorProto Scalar(string name, double value)
        {
            var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
            tensor.FloatData.Add((float)value);
            return tensor;
        }
    }

    private static string Logit(OnnxGraphBuilder g, string input, nn.Module<Tensor, Tensor> network, int imageSize) => network switch
    {
        EnsembleNetwork ensemble => Mean(g, ensemble.Members.Select((member, k) =>
        {
            g.Prefix = $"member{k}.";
            string logit = Logit(g, input, member, imageSize);
            g.Prefix = "";
            return logit;
        }).ToArray()),
        _ => ArchitectureRegistry.Of(network).ExportLogit(g, input, network, imageSize),
    };

    /// <summary>The mean of the members' logits, as the ensemble computes it.</summary>
    private static string Mean(OnnxGraphBuilder g, string[] logits) =>
        g.NamedNode("ensemble.logit", "Div", [g.NamedNode("ensemble.sum", "Sum", logits), g.Initializer("ensemble.count", [(float)logits.Length], 1)]);
}
