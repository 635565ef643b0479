using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pneumonia.ML.Models;

/// <summary>
/// The channels-last (NHWC) memory layout for convolutions, in prediction and in training: a tensor keeps its
/// N×C×H×W shape, but its channels are stored innermost. With both the convolution weights and the input laid out
/// this way, libtorch runs oneDNN's NHWC convolutions without reordering the activations around each call
/// (bench/README.md, "perf-ab --variant ChannelsLast" and "ChannelsLastTraining": same probabilities to 1e-7, 1.1–2×
/// faster on the project's CPU). TorchSharp 0.107 has no memory-format argument, so the layout is made from strides:
/// permute to N×H×W×C, copy contiguously, permute back.
/// </summary>
/// <remarks>
/// The layout must cover the weights and the input together: channels-last input against ordinary weights is slower
/// than either layout alone. TorchSharp cannot save a tensor that is not contiguous, so a network in this layout is
/// saved through a contiguous copy (<see cref="PneumoniaClassifier.Save(string, PneumoniaWeightPrecision)"/>) or with the layout removed for the
/// moment (the trainer's snapshots).
/// </remarks>
internal static class ChannelsLast
{
    /// <summary>The same N×C×H×W tensor with its channels stored innermost.</summary>
    public static Tensor Of(Tensor nchw) => nchw.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2);

    /// <summary>Lays out every Conv2d weight of <paramref name="network"/> channels-last, in place (same parameters).</summary>
    public static void Apply(nn.Module network) => Relayout(network, Of);

    /// <summary>Undoes <see cref="Apply"/>: TorchSharp saves and loads only contiguous tensors.</summary>
    public static void Remove(nn.Module network) => Relayout(network, weight => weight.contiguous());

    private static void Relayout(nn.Module network, Func<Tensor, Tensor> layout)
    {
        using var noGrad = no_grad();
        foreach (Conv2d conv in network.modules().OfType<Conv2d>())
        {
            Parameter weight = conv.weight ?? throw new InvalidOperationException("A Conv2d without weights.");
            using Tensor values = weight.detach();
            using Tensor laidOut = layout(values);
            weight.set_(laidOut); // the parameter object stays, so optimisers holding it keep working
        }
    }
}
