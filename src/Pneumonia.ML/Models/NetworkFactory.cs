using TorchSharp;
using static TorchSharp.torch;

namespace Pneumonia.ML.Models;

/// <summary>Builds the network of an architecture, with the same submodule names every time (Save/Load rely on it).</summary>
internal static class NetworkFactory
{
    /// <param name="architecture">Which network.</param>
    /// <param name="imageSize">Side of the square input images.</param>
    /// <param name="seed">Seed of the initial weights; a private generator, so other threads cannot disturb it.</param>
    public static nn.Module<Tensor, Tensor> Create(PneumoniaArchitecture architecture, int imageSize, int seed = 0)
    {
        using var generator = new Generator((ulong)seed, device: CPU);
        return Create(architecture, imageSize, generator);
    }

    private static nn.Module<Tensor, Tensor> Create(PneumoniaArchitecture architecture, int imageSize, Generator generator) => architecture switch
    {
        PneumoniaArchitecture.ArticleCnn => new ArticleCnn(imageSize, generator),
        _ => throw new ArgumentOutOfRangeException(nameof(architecture), architecture, "Unknown architecture."),
    };
}
