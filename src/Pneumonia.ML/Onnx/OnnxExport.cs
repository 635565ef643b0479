using Onnx;
using Pneumonia.ML.Engines;
using Pneumonia.ML.Models;
using Pneumonia.ML.Models.Architectures;
using static TorchSharp.torch;

namespace Pneumonia.ML.Onnx;

/// <summary>
/// Writes a network as a float ONNX graph (opset 13) that computes the same probabilities: input "rgb" (N×3×S×S float,
/// RGB in [0, 1], channels first, as <see cref="Data.TensorBatch"/> makes it), outputs "probability" and "logit" (N×1 each)
/// and "features" (N×C: the global average of the last convolutional feature map, the mean over an ensemble's members),
/// which the input check measures its distance on (<see cref="InputCheck.FeatureStatistics"/>).
/// </summary>
internal static class OnnxExport
{
    public const string InputName = OnnxContract.InputName;
    public const string OutputName = OnnxContract.OutputName;

    /// <summary>The second output: the logit the probability is the sigmoid of (N×1).</summary>
    public const string LogitName = OnnxContract.LogitName;

    /// <summary>The third output: the pooled last-convolution features (N×C).</summary>
    public const string FeaturesName = OnnxContract.FeaturesName;

    /// <summary>A softmax model's fourth output: the raw class logits (N×K); "logit" is then the pneumonia log-odds derived from them.</summary>
    public const string ClassLogitsName = OnnxContract.ClassLogitsName;

    /// <summary>A softmax model's fifth output: the class probabilities, the softmax of <see cref="ClassLogitsName"/> (N×K).</summary>
    public const string ClassProbabilitiesName = OnnxContract.ClassProbabilitiesName;

    /// <summary>Writes decoded images as the graph's input (<see cref="OnnxContract.WriteInput"/>).</summary>
    public static void WriteInput(IReadOnlyList<byte[]> pixels, int start, int count, Span<float> target) =>
        OnnxContract.WriteInput(pixels, start, count, target);

    /// <summary>
    /// The network as a graph whose outputs are its own logit and that logit's sigmoid; for a softmax model
    /// (<see cref="IClassLogitsNetwork"/>), the logit is the pneumonia log-odds log Σ_{c≠n} e^{z_c} − z_n of the class
    /// logits z, which are two further outputs, raw and through a softmax.
    /// </summary>
    public static ModelProto Build(nn.Module<Tensor, Tensor> network, int imageSize)
    {
        var g = new OnnxGraphBuilder();
        string input = g.Input(InputName, null, 3, imageSize, imageSize);
        (string logit, string features) = Export(g, input, network, imageSize);
        if (network is not IClassLogitsNetwork { Outputs: { IsMulticlass: true } outputs }) return OnnxLayers.Finish(g, logit, features);

        string classLogits = logit;
        int[] others = Enumerable.Range(0, outputs.Count).Where(c => c != outputs.Negative).ToArray();
        string rest = g.NamedNode("classes.others", "Gather", [classLogits, g.Initializer("classes.others.index", others, others.Length)],
            OnnxGraphBuilder.Int("axis", 1));
        string pneumonia = g.NamedNode("classes.pneumonia", "ReduceLogSumExp", [rest], OnnxGraphBuilder.Ints("axes", 1), OnnxGraphBuilder.Int("keepdims", 1));
        string normal = g.NamedNode("classes.normal", "Gather", [classLogits, g.Initializer("classes.normal.index", [outputs.Negative], 1)],
            OnnxGraphBuilder.Int("axis", 1));
        string logOdds = g.NamedNode("classes.log_odds", "Sub", [pneumonia, normal]);
        ModelProto model = OnnxLayers.Finish(g, logOdds, features);
        g.NamedNode(ClassLogitsName, "Identity", [classLogits]);
        g.NamedNode(ClassProbabilitiesName, "Softmax", [classLogits], OnnxGraphBuilder.Int("axis", 1));
        g.Output(ClassLogitsName, null, outputs.Count);
        g.Output(ClassProbabilitiesName, null, outputs.Count);
        return model;
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

    /// <summary>The names of the network's logit and of its pooled features.</summary>
    private static (string Logit, string Features) Export(OnnxGraphBuilder g, string input, nn.Module<Tensor, Tensor> network, int imageSize)
    {
        if (network is EnsembleNetwork ensemble)
        {
            var members = ensemble.Members.Select((member, k) =>
            {
                g.Prefix = $"member{k}.";
                var names = Export(g, input, member, imageSize);
                g.Prefix = "";
                return names;
            }).ToArray();
            return (Mean(g, "ensemble.logit", "ensemble.sum", "ensemble.count", members.Select(m => m.Logit).ToArray()),
                Mean(g, "ensemble.features", "ensemble.features.sum", "ensemble.features.count", members.Select(m => m.Features).ToArray()));
        }
        g.PooledFeatures = null;
        string logit = ArchitectureRegistry.Of(network).ExportLogit(g, input, network, imageSize);
        return (logit, g.PooledFeatures ?? throw new NotSupportedException($"The ONNX export of {network.GetType().Name} names no pooled features."));
    }

    /// <summary>The mean of the members' tensors, as the ensemble computes its logit (and the input check its features).</summary>
    private static string Mean(OnnxGraphBuilder g, string name, string sum, string count, string[] tensors) =>
        g.NamedNode(name, "Div", [g.NamedNode(sum, "Sum", tensors), g.Initializer(count, [(float)tensors.Length], 1)]);
}
