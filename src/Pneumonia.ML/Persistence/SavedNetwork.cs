using Pneumonia.ML.Models;
using static TorchSharp.torch;

namespace Pneumonia.ML.Persistence;

/// <summary>The weights section of a model file: a TorchSharp state dictionary, in float32 or int8 (<see cref="Int8Weights"/>).</summary>
internal static class SavedNetwork
{
    /// <summary>The most networks a model file may hold as one ensemble.</summary>
    public const int MaximumEnsembleSize = 20;

    /// <summary>The network's weights as stored at <paramref name="precision"/>.</summary>
    public static byte[] Write(TorchNetwork network, PneumoniaWeightPrecision precision) =>
        precision == PneumoniaWeightPrecision.Int8 ? Int8Weights.Encode(network.Module) : network.SaveWeights();

    /// <summary>Builds the network <paramref name="metadata"/> describes and loads <paramref name="weights"/> into it.</summary>
    /// <exception cref="InvalidModelFileException">The network cannot be built, or the weights do not fit it.</exception>
    public static TorchNetwork Read(ModelMetadata metadata, byte[] weights, string source)
    {
        // ModelFile.Read has checked every field (StoredMetadataCheck); this guards callers that build metadata themselves.
        if (metadata.EnsembleSize is < 1 or > MaximumEnsembleSize)
            throw new InvalidModelFileException(source, $"its field EnsembleSize ({metadata.EnsembleSize}) is outside 1–{MaximumEnsembleSize}.");
        nn.Module<Tensor, Tensor> module;
        try
        {
            module = NetworkFactory.Create(metadata.Architecture, metadata.ImageSize, pretrained: false, members: metadata.EnsembleSize, outputs: metadata.Outputs);
        }
        catch (ArgumentException e)
        {
            throw new InvalidModelFileException(source, "its metadata describes a network that cannot be built.", e);
        }
        try
        {
            if (metadata.WeightPrecision == PneumoniaWeightPrecision.Int8)
            {
                Int8Weights.Decode(module, weights);
            }
            else
            {
                using var stream = new MemoryStream(weights, writable: false);
                module.load(stream, strict: true);
            }
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException or EndOfStreamException or InvalidDataException or KeyNotFoundException)
        {
            module.Dispose();
            throw new InvalidModelFileException(source,
                $"its weights do not fit {(metadata.EnsembleSize > 1 ? $"an ensemble of {metadata.EnsembleSize} {metadata.Architecture} networks" : $"a {metadata.Architecture} network")} at {metadata.ImageSize} pixels" +
                (e is InvalidDataException ? $" ({e.Message})." : "."), e);
        }
        return TorchNetwork.Of(module, metadata.Architecture, metadata.ImageSize, metadata.EnsembleSize, metadata.Outputs);
    }
}
