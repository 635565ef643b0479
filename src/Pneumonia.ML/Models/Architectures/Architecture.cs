using Pneumonia.ML.Onnx;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pneumonia.ML.Models.Architectures;

/// <summary>
/// Everything the library needs to know about one network: how to build it, the image sizes it accepts, how to train
/// it (optimiser and default learning rate) and how to write it as ONNX nodes. One subclass per
/// <see cref="PneumoniaArchitecture"/>, listed once in <see cref="ArchitectureRegistry"/>.
/// </summary>
internal abstract class Architecture
{
    /// <summary>The public name of the network.</summary>
    public abstract PneumoniaArchitecture Id { get; }

    /// <summary>The smallest image side the network accepts.</summary>
    public abstract int MinimumImageSize { get; }

    /// <summary>The largest image side training and loading accept.</summary>
    public virtual int MaximumImageSize => 1024;

    /// <summary>The learning rate when <see cref="PneumoniaTrainingOptions.LearningRate"/> is not set.</summary>
    public abstract double DefaultLearningRate { get; }

    /// <summary>A new network, its initial weights drawn from <paramref name="generator"/>.</summary>
    /// <param name="imageSize">Side of the square input images.</param>
    /// <param name="generator">A private generator, so that other threads cannot change the weights.</param>
    /// <param name="pretrained">Start from pretrained weights where the network has them (training); false when a
    /// saved model's weights are about to be loaded.</param>
    /// <param name="outputs">The output layer: one pneumonia unit, or one unit per class.</param>
    public abstract nn.Module<Tensor, Tensor> Create(int imageSize, Generator generator, bool pretrained, NetworkOutputs outputs);

    /// <summary>The optimiser of the default recipe for the trainable parameters. Default: AdamW, weight decay 1e-4.</summary>
    public virtual OptimizerHelper CreateOptimizer(IEnumerable<Parameter> trainable, double learningRate) =>
        optim.AdamW(trainable, lr: learningRate, weight_decay: 1e-4);

    /// <summary>Adds the network's nodes after <paramref name="input"/> and returns the name of its logit (N×1).</summary>
    public abstract string ExportLogit(OnnxGraphBuilder graph, string input, nn.Module<Tensor, Tensor> network, int imageSize);

    /// <summary>Whether <paramref name="network"/> is a module this architecture builds.</summary>
    public abstract bool Builds(nn.Module network);
}

/// <summary>An <see cref="Architecture"/> whose networks are <typeparamref name="TNetwork"/> modules.</summary>
internal abstract class Architecture<TNetwork> : Architecture where TNetwork : nn.Module<Tensor, Tensor>
{
    public sealed override bool Builds(nn.Module network) => network is TNetwork;

    public sealed override string ExportLogit(OnnxGraphBuilder graph, string input, nn.Module<Tensor, Tensor> network, int imageSize) =>
        ExportLogit(graph, input, (TNetwork)network, imageSize);

    /// <summary>Adds the network's nodes after <paramref name="input"/> and returns the name of its logit (N×1).</summary>
    protected abstract string ExportLogit(OnnxGraphBuilder graph, string input, TNetwork network, int imageSize);
}
