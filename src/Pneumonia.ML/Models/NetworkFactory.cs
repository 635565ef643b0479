using TorchSharp;
using static TorchSharp.torch;

namespace Pneumonia.ML.Models;

/// <summary>Builds the network of an architecture, with the same submodule names every time (Save/Load rely on it).</summary>
internal static class NetworkFactory
{
    public static nn.Module<Tensor, Tensor> Create(PneumoniaArchitecture architecture, int imageSize) => architecture switch
    {
        PneumoniaArchitecture.ArticleCnn => new ArticleCnn(imageSize),
        _ => throw new ArgumentOutOfRangeException(nameof(architecture), architecture, "Unknown architecture."),
    };
}
