using Onnx;
using Pneumonia.ML.Models;
using TorchSharp;
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

    public static ModelProto Build(nn.Module<Tensor, Tensor> network, int imageSize) => network switch
    {
        ResNet18Transfer resnet => ResNet18OnnxExport.Build(resnet, imageSize),
        ArticleCnn article => SequentialCnnOnnxExport.Build(article, imageSize),
        CompactCnn compact => SequentialCnnOnnxExport.Build(compact, imageSize),
        _ => throw new NotSupportedException($"No ONNX export for {network.GetType().Name}."),
    };
}
