using Onnx;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pneumonia.ML.Onnx;

/// <summary>TorchSharp layers written as ONNX nodes, weights copied from the module (in the ordinary layout).</summary>
internal static class OnnxLayers
{
    /// <summary>
    /// A conv, with <paramref name="norm"/> folded in when given (W·γ/√(σ²+ε), bias β − μ·γ/√(σ²+ε)); its output is
    /// named <paramref name="output"/>. <paramref name="weightTransform"/> is applied to the weight first (the ResNet
    /// stem takes the input's channel flip and scaling into it).
    /// </summary>
    public static string Conv(OnnxGraphBuilder g, string output, string input, Conv2d conv, BatchNorm2d? norm, long[] pads,
        Func<Tensor, Tensor>? weightTransform = null)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        Tensor weight = conv.weight!.contiguous();
        if (weightTransform is not null) weight = weightTransform(weight);
        Tensor bias = conv.bias is null ? zeros(weight.shape[0]) : conv.bias;
        if (norm is not null)
        {
            Tensor scale = norm.weight!.div(norm.running_var!.add(norm.eps).sqrt());
            weight = weight.mul(scale.reshape(-1, 1, 1, 1));
            bias = bias.sub(norm.running_mean!).mul(scale).add(norm.bias!);
        }
        long[] shape = weight.shape;
        long stride = conv.stride[0];
        return g.NamedNode(output, "Conv",
            [input, g.Initializer($"{output}.weight", Floats(weight), shape), g.Initializer($"{output}.bias", Floats(bias), shape[0])],
            OnnxGraphBuilder.Ints("kernel_shape", shape[2], shape[3]), OnnxGraphBuilder.Ints("strides", stride, stride),
            OnnxGraphBuilder.Ints("pads", pads));
    }

    /// <summary>x·Wᵀ + b for a batch of feature vectors.</summary>
    public static string Linear(OnnxGraphBuilder g, string output, string input, Linear linear)
    {
        long[] shape = linear.weight!.shape;
        return g.NamedNode(output, "Gemm",
            [input, g.Initializer($"{output}.weight", Floats(linear.weight), shape), g.Initializer($"{output}.bias", Floats(linear.bias!), shape[0])],
            OnnxGraphBuilder.Int("transB", 1));
    }

    /// <summary>Square max pooling with ONNX pads (top, left, bottom, right); padded cells never win.</summary>
    public static string MaxPool(OnnxGraphBuilder g, string output, string input, long kernel, long stride, long[] pads) =>
        g.NamedNode(output, "MaxPool", [input], OnnxGraphBuilder.Ints("kernel_shape", kernel, kernel),
            OnnxGraphBuilder.Ints("strides", stride, stride), OnnxGraphBuilder.Ints("pads", pads));

    /// <summary>
    /// The graph outputs: the logit's sigmoid as "probability" and the logit itself as "logit" (both N×1), and the
    /// pooled features as "features" (N×C).
    /// </summary>
    public static ModelProto Finish(OnnxGraphBuilder g, string logit, string features)
    {
        g.NamedNode(OnnxExport.OutputName, "Sigmoid", [logit]);
        g.NamedNode(OnnxExport.LogitName, "Identity", [logit]);
        g.NamedNode(OnnxExport.FeaturesName, "Identity", [features]);
        g.Output(OnnxExport.OutputName, null, 1);
        g.Output(OnnxExport.LogitName, null, 1);
        g.Output(OnnxExport.FeaturesName, null, null);
        return g.ToModel();
    }

    private static float[] Floats(Tensor tensor) => tensor.detach().contiguous().data<float>().ToArray();
}
