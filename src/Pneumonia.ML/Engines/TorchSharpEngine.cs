using Pneumonia.ML.Models;

namespace Pneumonia.ML.Engines;

/// <summary>Scores with the TorchSharp network itself (<see cref="TorchNetwork"/>), which the engine does not own.</summary>
internal sealed class TorchSharpEngine(TorchNetwork network) : IScoringEngine
{
    public EngineScores Score(IReadOnlyList<byte[]> pixels, CancellationToken cancellationToken = default) =>
        network.Score(pixels, cancellationToken);

    /// <summary>Nothing to free: the classifier owns the network.</summary>
    public void Dispose()
    {
    }
}
