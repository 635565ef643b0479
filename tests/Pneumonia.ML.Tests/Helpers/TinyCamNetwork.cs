using Pneumonia.ML.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pneumonia.ML.Tests;

/// <summary>
/// A tiny CNN for Grad-CAM tests: three 3×3 convolutions (8, 16, 32 filters; the first two pooled), global average
/// pooling and one logit. Its feature map is the third convolution's ReLU: 32 × 16 × 16 at 64 px.
/// </summary>
internal sealed class TinyCamNetwork : nn.Module<Tensor, Tensor>, IFeatureMapNetwork
{
    /// <summary>Training goes on until the loss over an epoch falls below this, or <see cref="MaximumEpochs"/> pass.</summary>
    public const float TargetLoss = 0.02f;

    public const int MaximumEpochs = 200;

    private readonly Sequential features;
    private readonly Linear output;

    /// <param name="seed">Seeds a private generator for the initial weights (PyTorch's default ranges, ±1/√fan_in),
    /// so neither libtorch's global generator nor another test class can change them.</param>
    public TinyCamNetwork(int seed) : base(nameof(TinyCamNetwork))
    {
        Conv2d conv1 = nn.Conv2d(3, 8, 3, padding: 1), conv2 = nn.Conv2d(8, 16, 3, padding: 1), conv3 = nn.Conv2d(16, 32, 3, padding: 1);
        features = nn.Sequential(
            ("conv1", conv1), ("relu1", nn.ReLU()), ("pool1", nn.MaxPool2d(2)),
            ("conv2", conv2), ("relu2", nn.ReLU()), ("pool2", nn.MaxPool2d(2)),
            ("conv3", conv3), ("relu3", nn.ReLU()));
        output = nn.Linear(32, 1);
        RegisterComponents();

        using var generator = new Generator((ulong)seed, device: CPU);
        using var noGrad = no_grad();
        foreach ((Tensor weight, Tensor bias) in new[] { (conv1.weight!, conv1.bias!), (conv2.weight!, conv2.bias!), (conv3.weight!, conv3.bias!), (output.weight!, output.bias!) })
        {
            double bound = 1 / Math.Sqrt(weight.shape.Skip(1).Aggregate(1L, (a, b) => a * b));
            weight.uniform_(-bound, bound, generator);
            bias.uniform_(-bound, bound, generator);
        }
    }

    public override Tensor forward(Tensor images) => ForwardWithFeatures(images).Logits;

    public (Tensor Features, Tensor Logits) ForwardWithFeatures(Tensor images)
    {
        using var scope = NewDisposeScope();
        Tensor map = features.forward(images);
        Tensor logits = output.forward(map.mean([2, 3])).squeeze(1);
        return (scope.MoveToOuter(map), scope.MoveToOuter(logits));
    }

    /// <summary>Trains with Adam on the synthetic task.</summary>
    public static TinyCamNetwork Trained(int seed) => Trained(seed, out _);

    /// <summary>
    /// Trains with Adam on 160 synthetic images until an epoch's mean loss is below <see cref="TargetLoss"/>. A fixed
    /// number of epochs is not enough: libtorch sums in another order at another thread count, so the same seed takes
    /// a different path on another machine, and a run that stops early may not have learned the task yet.
    /// </summary>
    public static TinyCamNetwork Trained(int seed, out float lastLoss)
    {
        lastLoss = float.NaN;
        var network = new TinyCamNetwork(seed);
        (Tensor images, bool[] labels, _, _) = SyntheticXrays.Make(160, seed);
        using Tensor targets = tensor(labels.Select(l => l ? 1f : 0f).ToArray());
        using var optimizer = optim.Adam(network.parameters(), lr: 0.003);
        network.train();
        for (int epoch = 0; epoch < MaximumEpochs && !(lastLoss < TargetLoss); epoch++)
        {
            float sum = 0;
            for (int start = 0; start < 160; start += 32)
            {
                using var scope = NewDisposeScope();
                optimizer.zero_grad();
                Tensor loss = nn.functional.binary_cross_entropy_with_logits(
                    network.forward(images.narrow(0, start, 32)), targets.narrow(0, start, 32));
                loss.backward();
                optimizer.step();
                sum += loss.item<float>();
            }
            lastLoss = sum / 5;
        }
        images.Dispose();
        network.eval();
        return network;
    }
}
