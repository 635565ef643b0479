using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pneumonia.ML.Models;

/// <summary>A Keras-style summary: each layer's output shape and parameter count, found by running one dummy image.</summary>
internal static class NetworkSummary
{
    /// <summary>Walks the network's layers in order. Valid for networks whose forward applies their children in order.</summary>
    public static IReadOnlyList<PneumoniaLayerSummary> Describe(nn.Module<Tensor, Tensor> network, int imageSize)
    {
        var rows = new List<PneumoniaLayerSummary>();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        Tensor x = zeros(1, 3, imageSize, imageSize);
        foreach ((string name, nn.Module<Tensor, Tensor> layer) in Layers(network, prefix: ""))
        {
            x = layer.forward(x);
            long parameters = layer.parameters().Sum(p => p.numel());
            rows.Add(new PneumoniaLayerSummary(name, layer.GetType().Name, x.shape.Skip(1).ToArray(), parameters));
        }
        return rows;
    }

    private static IEnumerable<(string Name, nn.Module<Tensor, Tensor> Layer)> Layers(nn.Module module, string prefix)
    {
        foreach ((string name, nn.Module child) in module.named_children())
        {
            string path = prefix.Length == 0 ? name : $"{prefix}.{name}";
            if (child is Sequential)
                foreach (var layer in Layers(child, path)) yield return layer;
            else if (child is nn.Module<Tensor, Tensor> layer)
                yield return (path, layer);
        }
    }
}
