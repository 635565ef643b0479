using Onnx;
using Pneumonia.ML.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Pneumonia.ML.Onnx;

/// <summary>
/// Writes a network as a float ONNX graph (opset 13) that computes the same probabilities: input "rgb" (N×3×S×S float,
/// RGB in [0, 1], channels first, as <see cref="Data.TensorBatch"/> makes it), output "probability" (N×1).
/// </summary>
internal static class OnnxExport
{
    public const string InputName = "rgb";
    public const string OutputName = "probability";

    public static ModelProto Build(nn.Module<Tensor, Tensor> network, int imageSize) => network switch
    {
        ResNet18Transfer resnet => ResNet18OnnxExport.Build(resnet, imageSize),
        ArticleCnn article => SequentialCnnOnnxExport.Build(article, imageSize),
        CompactCnn compact => SequentialCnnOnnxExport.Build(compact, imageSize),
        _ => throw new NotSupportedException($"No ONNX export for {network.GetType().Name}."),
    };
}
