using static TorchSharp.torch;

namespace Pneumonia.ML.Training;

/// <summary>
/// An exponential moving average of a network's state (weights and batch-norm statistics), updated after every
/// optimiser step: average ← d·average + (1 − d)·current, with d = min(decay, (1 + t) / (10 + t)) at step t, so that
/// the first steps are not held back by the starting weights. Integer buffers are copied. It lives in a second network
/// of the same architecture (<see cref="Module"/>), so it saves and loads like one.
/// </summary>
internal sealed class WeightAverage : IDisposable
{
    private readonly double _decay;
    private long _steps;

    /// <param name="network">The network being trained; the average starts as its current state.</param>
    /// <param name="empty">A new network of the same architecture, which holds the average from now on (owned).</param>
    /// <param name="decay">In (0, 1): about 1 / (1 − decay) of the latest steps carry most of the weight.</param>
    /// <param name="steps">Optimiser steps taken before (a resumed training), for the warm-up of d.</param>
    public WeightAverage(nn.Module network, nn.Module empty, double decay, long steps)
    {
        Module = empty;
        _decay = decay;
        _steps = steps;
        Module.eval();
        Copy(network.state_dict(), Module.state_dict());
    }

    /// <summary>The average, as a network (for checkpoints).</summary>
    public nn.Module Module { get; }

    /// <summary>Folds the network's state after one more optimiser step into the average.</summary>
    public void Update(nn.Module network)
    {
        _steps++;
        double d = Math.Min(_decay, (1.0 + _steps) / (10.0 + _steps));
        Dictionary<string, Tensor> average = Module.state_dict();
        using var noGrad = no_grad();
        foreach ((string name, Tensor current) in network.state_dict())
        {
            if (current.is_floating_point()) average[name].mul_(d).add_(current, alpha: 1 - d);
            else average[name].copy_(current);
        }
    }

    /// <summary>Exchanges the network's state with the average; a second call swaps back.</summary>
    public void Swap(nn.Module network)
    {
        Dictionary<string, Tensor> average = Module.state_dict();
        using var noGrad = no_grad();
        foreach ((string name, Tensor current) in network.state_dict())
        {
            using Tensor held = current.clone();
            current.copy_(average[name]);
            average[name].copy_(held);
        }
    }

    public void Dispose() => Module.Dispose();

    private static void Copy(Dictionary<string, Tensor> from, Dictionary<string, Tensor> to)
    {
        using var noGrad = no_grad();
        foreach ((string name, Tensor value) in from) to[name].copy_(value);
    }
}
