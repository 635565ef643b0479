using Pneumonia.ML.Models;
using Pneumonia.ML.Pretrained;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Pneumonia.ML.Onnx;

/// <summary>A <see cref="ResNet18Transfer"/> as ONNX nodes computing the same logit.</summary>
/// <remarks>
/// Rewritten for inference, exactly: the RGB→BGR flip and the ×255 move into the stem's weights (only the mean image,
/// divided by 255 and in RGB order, is subtracted from the input), every batch norm is folded into its conv, CNTK's
/// asymmetric "same" padding becomes the convs' and the max pool's own pads, and dropout (identity at inference) goes.
/// </remarks>
internal static class ResNet18OnnxExport
{
    /// <summary>Adds the network's nodes after <paramref name="input"/> and returns the name of its logit (N×1).</summary>
    public static string Logit(OnnxGraphBuilder g, string input, ResNet18Transfer network, int imageSize)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        ResNet18Onnx backbone = network.Backbone;
        string x = input;

        // rgb − mean/255 (RGB order), the mean image resized as ResNet18Onnx.ToOnnxInput resizes it.
        Tensor mean = backbone.MeanImage;
        if (imageSize != ResNet18Onnx.NativeSize)
            mean = F.interpolate(mean, [imageSize, imageSize], mode: InterpolationMode.Bilinear, align_corners: false);
        float[] meanRgb = mean.flip(1).div(255).contiguous().data<float>().ToArray();
        x = g.NamedNode("centered", "Sub", [x, g.Initializer("mean_rgb", meanRgb, 1, 3, imageSize, imageSize)]);

        long size = imageSize;
        var (stemConv, stemNorm) = backbone.Stem;
        x = OnnxLayers.Conv(g, "stem.conv", x, stemConv, stemNorm, SamePads(size, 7, 2), weight => weight.flip(1).mul(255));
        x = g.NamedNode("stem.relu", "Relu", [x]);
        size = (size + 1) / 2;
        x = OnnxLayers.MaxPool(g, "stem.pool", x, 3, 2, SamePads(size, 3, 2));
        size = (size + 1) / 2;

        int index = 0;
        foreach (ResNet18Onnx.BasicBlock block in backbone.Blocks)
        {
            string name = $"block{index++}";
            var layers = block.Layers().ToList();
            long[] pads = block.Stride == 1 ? [1, 1, 1, 1] : SamePads(size, 3, block.Stride);
            string y = OnnxLayers.Conv(g, $"{name}.conv1", x, layers[0].Conv, layers[0].Norm, pads);
            y = g.NamedNode($"{name}.relu1", "Relu", [y]);
            y = OnnxLayers.Conv(g, $"{name}.conv2", y, layers[1].Conv, layers[1].Norm, [1, 1, 1, 1]);
            string shortcut = block.HasDownsample
                ? OnnxLayers.Conv(g, $"{name}.shortcut", x, layers[2].Conv, layers[2].Norm, [0, 0, 0, 0])
                : x;
            x = g.NamedNode($"{name}.relu2", "Relu", [g.NamedNode($"{name}.add", "Add", [y, shortcut])]);
            size = (size + block.Stride - 1) / block.Stride;
        }

        x = g.NamedNode("pooled", "Flatten", [g.NamedNode("pool", "GlobalAveragePool", [x])]);
        g.PooledFeatures = x;
        return OnnxLayers.Linear(g, "head", x, network.Head);
    }

    /// <summary>CNTK's "same" padding as ONNX pads (top, left, bottom, right): the odd pixel goes before.</summary>
    private static long[] SamePads(long size, long kernel, long stride)
    {
        var (before, after) = ResNet18Onnx.SamePadding(size, kernel, stride);
        return [before, before, after, after];
    }
}
