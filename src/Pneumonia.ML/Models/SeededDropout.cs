using static TorchSharp.torch;

namespace Pneumonia.ML.Models;

/// <summary>
/// Dropout that draws its mask from a generator the trainer hands it (per epoch), instead of TorchSharp's global one:
/// training stays reproducible when other threads use TorchSharp, and resumable from a checkpoint.
/// </summary>
internal sealed class SeededDropout(double probability) : nn.Module<Tensor, Tensor>(nameof(SeededDropout))
{
    /// <summary>The generator of the masks; the global one when null.</summary>
    public Generator? Generator { get; set; }

    public override Tensor forward(Tensor input)
    {
        if (!training || probability == 0) return input.alias();
        using var scope = NewDisposeScope();
        Tensor keep = rand(input.shape, generator: Generator).ge(probability).to_type(input.dtype);
        return scope.MoveToOuter(input * keep / (1 - probability));
    }

    /// <summary>Hands <paramref name="generator"/> to every <see cref="SeededDropout"/> inside <paramref name="network"/>.</summary>
    public static void Seed(nn.Module network, Generator generator)
    {
        foreach (nn.Module module in network.modules())
            if (module is SeededDropout dropout) dropout.Generator = generator;
    }
}
