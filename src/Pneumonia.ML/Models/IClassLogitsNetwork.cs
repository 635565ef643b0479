using static TorchSharp.torch;

namespace Pneumonia.ML.Models;

/// <summary>
/// A network whose output layer may hold one logit per class (<see cref="NetworkOutputs"/>): its <c>forward</c> gives
/// the pneumonia log-odds, these methods the raw class logits (the softmax head's input), which training's
/// cross-entropy, class predictions and per-class Grad-CAM use.
/// </summary>
internal interface IClassLogitsNetwork
{
    /// <summary>The output layer's width and reference class.</summary>
    NetworkOutputs Outputs { get; }

    /// <summary>The raw outputs, N × <see cref="NetworkOutputs.Count"/>, in the caller's dispose scope.</summary>
    Tensor ForwardClasses(Tensor images);

    /// <summary>The feature map Grad-CAM explains with (as <see cref="IFeatureMapNetwork"/> gives it) and the raw outputs.</summary>
    (Tensor Features, Tensor Outputs) ForwardClassesWithFeatures(Tensor images);
}
