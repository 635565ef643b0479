using Pneumonia.ML.Models;
using TorchSharp.Modules;

namespace Pneumonia.ML.Onnx;

/// <summary>
/// <see cref="ArticleCnn"/> and <see cref="CompactCnn"/> as ONNX nodes: their conv (+ batch norm, folded) → ReLU →
/// 2×2 max-pool blocks, then the article's flatten → dense 512 → ReLU → dense 1, or global average pool → dense 1.
/// </summary>
internal static class SequentialCnnOnnxExport
{
    /// <summary>Adds the network's nodes after <paramref name="input"/> and returns the name of its logit (N×1).</summary>
    public static string Logit(OnnxGraphBuilder g, string input, ArticleCnn network)
    {
        string x = Features(g, network.Features, input);
        // The feature map Grad-CAM and the input check read is the last ReLU's output, before the last pooling.
        string map = g.Prefix + "features." + ArticleCnn.FeatureMapLayer;
        g.PooledFeatures = g.NamedNode("features.pooled", "Flatten", [g.NamedNode("features.average", "GlobalAveragePool", [map])]);
        x = g.NamedNode("flat", "Flatten", [x]);
        x = g.NamedNode("dense.relu", "Relu", [OnnxLayers.Linear(g, "dense", x, network.Head.Dense)]);
        return OnnxLayers.Linear(g, "output", x, network.Head.Output);
    }

    /// <summary>Adds the network's nodes after <paramref name="input"/> and returns the name of its logit (N×1).</summary>
    public static string Logit(OnnxGraphBuilder g, string input, CompactCnn network)
    {
        string x = Features(g, network.Features, input);
        x = g.NamedNode("pooled", "Flatten", [g.NamedNode("pool", "GlobalAveragePool", [x])]);
        g.PooledFeatures = x;
        return OnnxLayers.Linear(g, "output", x, network.Output);
    }

    /// <summary>The blocks of <paramref name="features"/>, each child's output named after it (features.relu1, …).</summary>
    private static string Features(OnnxGraphBuilder g, Sequential features, string input)
    {
        string x = input;
        var children = features.named_children().ToList();
        for (int i = 0; i < children.Count; i++)
        {
            var (name, module) = children[i];
            string output = $"features.{name}";
            switch (module)
            {
                case Conv2d conv:
                    BatchNorm2d? norm = i + 1 < children.Count ? children[i + 1].module as BatchNorm2d : null;
                    long padding = conv.padding is { } p ? p[0] : 0;
                    x = OnnxLayers.Conv(g, output, x, conv, norm, [padding, padding, padding, padding]);
                    if (norm is not null) i++; // folded into the conv
                    break;
                case ReLU:
                    x = g.NamedNode(output, "Relu", [x]);
                    break;
                case MaxPool2d:
                    x = OnnxLayers.MaxPool(g, output, x, 2, 2, [0, 0, 0, 0]);
                    break;
                default:
                    throw new NotSupportedException($"The ONNX export does not know the layer {name} ({module.GetType().Name}).");
            }
        }
        return x;
    }
}
