using Pneumonia.ML.Onnx;
using static TorchSharp.torch;

namespace Pneumonia.ML.Models.Architectures;

/// <summary>The small network trained from scratch (<see cref="CompactCnn"/>): AdamW at 0.003.</summary>
internal sealed class CompactCnnArchitecture : Architecture<CompactCnn>
{
    public override PneumoniaArchitecture Id => PneumoniaArchitecture.CompactCnn;

    public override int MinimumImageSize => CompactCnn.MinimumImageSize;

    public override double DefaultLearningRate => 0.003;

    public override nn.Module<Tensor, Tensor> Create(int imageSize, Generator generator, bool pretrained, NetworkOutputs outputs) =>
        new CompactCnn(generator, outputs);

    protected override string ExportLogit(OnnxGraphBuilder graph, string input, CompactCnn network, int imageSize) =>
        SequentialCnnOnnxExport.Logit(graph, input, network);
}
