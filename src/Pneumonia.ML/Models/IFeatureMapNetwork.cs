using static TorchSharp.torch;

namespace Pneumonia.ML.Models;

/// <summary>
/// A network that shows its last convolutional feature map, so that Grad-CAM (Selvaraju et al. 2017) can weigh it.
/// Every architecture should implement it; <see cref="PneumoniaClassifier.Explain(string)"/> refuses networks that don't.
/// </summary>
internal interface IFeatureMapNetwork
{
    /// <summary>
    /// Runs the network like <c>forward</c> and also returns the feature map Grad-CAM explains with: the output of
    /// the last convolutional block after its activation, N × C × h × w, a node of the autograd graph that leads to
    /// the logits (so gradients of the logits with respect to it exist when gradients are enabled).
    /// </summary>
    /// <param name="images">N × 3 × S × S, as <c>forward</c> takes them.</param>
    /// <returns>The feature map and the N logits (pneumonia before the sigmoid), both in the caller's dispose scope.</returns>
    (Tensor Features, Tensor Logits) ForwardWithFeatures(Tensor images);
}
