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
    /// <remarks>
    /// The fold is computed here in double precision and rounded to float once: computed with libtorch's float kernels it
    /// came out one ulp apart in some channels on two CPUs (an AMD EPYC and an Intel Xeon), so the same model file gave
    /// two different ONNX graphs, and the int8 graph's scales, which follow the folded weights, differed with them.
    /// </remarks>
    public static string Conv(OnnxGraphBuilder g, string output, string input, Conv2d conv, BatchNorm2d? norm, long[] pads,
        Func<Tensor, Tensor>? weightTransform = null)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        Tensor weightTensor = conv.weight!.contiguous();
        if (weightTransform is not null) weightTensor = weightTransform(weightTensor);
        long[] shape = weightTensor.shape;
        float[] weight = Floats(weightTensor);
        float[] bias = conv.bias is null ? new float[shape[0]] : Floats(conv.bias);
        if (norm is not null)
        {
            float[] gamma = Floats(norm.weight!), beta = Floats(norm.bias!), mean = Floats(norm.running_mean!), variance = Floats(norm.running_var!);
            int perChannel = weight.Length / bias.Length;
            for (int c = 0; c < bias.Length; c++)
            {
                double scale = gamma[c] / Math.Sqrt(variance[c] + norm.eps);
                for (int i = c * perChannel; i < (c + 1) * perChannel; i++) weight[i] = (float)(weight[i] * scale);
                bias[c] = (float)((bias[c] - (double)mean[c]) * scale + beta[c]);
            }
        }
        long stride = conv.stride[0];
        return g.NamedNode(output, "Conv",
            [input, g.Initializer($"{output}.weight", weight, shape), g.Initializer($"{output}.bias", bias, shape[0])],
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
