using Pneumonia.ML.Onnx;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pneumonia.ML.Models.Architectures;

/// <summary>The Keras article's network (<see cref="ArticleCnn"/>), trained as the article did: RMSprop at 0.001.</summary>
internal sealed class ArticleCnnArchitecture : Architecture<ArticleCnn>
{
    public override PneumoniaArchitecture Id => PneumoniaArchitecture.ArticleCnn;

    public override int MinimumImageSize => ArticleCnn.MinimumImageSize;

    public override double DefaultLearningRate => 0.001;

    public override nn.Module<Tensor, Tensor> Create(int imageSize, Generator generator, bool pretrained, NetworkOutputs outputs) =>
        new ArticleCnn(imageSize, generator, outputs);

    /// <summary>Keras' RMSprop: ρ 0.9, ε 1e-7.</summary>
    public override OptimizerHelper CreateOptimizer(IEnumerable<Parameter> trainable, double learningRate) =>
        optim.RMSProp(trainable, lr: learningRate, alpha: 0.9, eps: 1e-7);

    protected override string ExportLogit(OnnxGraphBuilder graph, string input, ArticleCnn network, int imageSize) =>
        SequentialCnnOnnxExport.Logit(graph, input, network);
}
