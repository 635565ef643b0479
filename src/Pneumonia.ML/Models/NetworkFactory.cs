using Pneumonia.ML.Models.Architectures;
using static TorchSharp.torch;

namespace Pneumonia.ML.Models;

/// <summary>Builds the network of an architecture, with the same submodule names every time (Save/Load rely on it).</summary>
internal static class NetworkFactory
{
    /// <param name="architecture">Which network.</param>
    /// <param name="imageSize">Side of the square input images.</param>
    /// <param name="seed">Seed of the initial weights; a private generator, so other threads cannot disturb it.</param>
    /// <param name="pretrained">Start from pretrained weights where the architecture has them (training); false when
    /// a saved model's weights are about to be loaded.</param>
    /// <param name="members">More than 1: an <see cref="EnsembleNetwork"/> of that many untrained networks (for loading).</param>
    /// <param name="outputs">The output layer (<see cref="NetworkOutputs"/>); the binary pneumonia unit when null.</param>
    public static nn.Module<Tensor, Tensor> Create(PneumoniaArchitecture architecture, int imageSize, int seed = 0, bool pretrained = true, int members = 1,
        NetworkOutputs? outputs = null)
    {
        if (members > 1)
            return new EnsembleNetwork(Enumerable.Range(0, members).Select(_ => Create(architecture, imageSize, seed, pretrained: false, outputs: outputs)));
        using var generator = new Generator((ulong)seed, device: CPU);
        return ArchitectureRegistry.Get(architecture).Create(imageSize, generator, pretrained, outputs ?? NetworkOutputs.Binary);
    }
}
