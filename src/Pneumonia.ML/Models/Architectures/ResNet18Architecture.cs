using Pneumonia.ML.Onnx;
using static TorchSharp.torch;

namespace Pneumonia.ML.Models.Architectures;

/// <summary>ImageNet ResNet18 fine-tuned with a pneumonia head (<see cref="ResNet18Transfer"/>): AdamW at 0.0005.</summary>
internal sealed class ResNet18Architecture : Architecture<ResNet18Transfer>
{
    public override PneumoniaArchitecture Id => PneumoniaArchitecture.ResNet18;

    /// <summary>Five stride-2 stages with CNTK's "same" padding: 32 pixels leave a 1 × 1 final map.</summary>
    public override int MinimumImageSize => 32;

    public override double DefaultLearningRate => 0.0005;

    public override nn.Module<Tensor, Tensor> Create(int imageSize, Generator generator, bool pretrained, NetworkOutputs outputs) =>
        new ResNet18Transfer(pretrained, generator, outputs);

    protected override string ExportLogit(OnnxGraphBuilder graph, string input, ResNet18Transfer network, int imageSize) =>
        ResNet18OnnxExport.Logit(graph, input, network, imageSize);
}
