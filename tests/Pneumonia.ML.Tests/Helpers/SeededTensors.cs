using static TorchSharp.torch;

namespace Pneumonia.ML.Tests;

/// <summary>
/// Random tensors from a private generator. A test never draws from libtorch's global generator: test classes run in
/// parallel, so whatever one of them draws there changes what every other one gets.
/// </summary>
internal static class SeededTensors
{
    /// <summary>Values uniform in [0, 1), the same for the same seed and shape on every run.</summary>
    public static Tensor Uniform(int seed, params long[] shape)
    {
        using var generator = new Generator((ulong)seed, device: CPU);
        return rand(shape, generator: generator);
    }
}
