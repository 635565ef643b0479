using Pneumonia.ML.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pneumonia.ML.Tests;

/// <summary>
/// A tiny CNN for Grad-CAM tests: three 3×3 convolutions (8, 16, 32 filters; the first two pooled), global average
/// pooling and one logit. Its feature map is the third convolution's ReLU: 32 × 16 × 16 at 64 px.
/// </summary>
internal sealed class TinyCamNetwork : nn.Module<Tensor, Tensor>, IFeatureMapNetwork
{
    private readonly Sequential features;
    private readonly Linear output;

    public TinyCamNetwork(int seed) : base(nameof(TinyCamNetwork))
    {
        torch.manual_seed(seed);
        features = nn.Sequential(
            ("conv1", nn.Conv2d(3, 8, 3, padding: 1)), ("relu1", nn.ReLU()), ("pool1", nn.MaxPool2d(2)),
            ("conv2", nn.Conv2d(8, 16, 3, padding: 1)), ("relu2", nn.ReLU()), ("pool2", nn.MaxPool2d(2)),
            ("conv3", nn.Conv2d(16, 32, 3, padding: 1)), ("relu3", nn.ReLU()));
        output = nn.Linear(32, 1);
        RegisterComponents();
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

    public static TinyCamNetwork Trained(int seed, out float lastLoss)
    {
        lastLoss = float.NaN;
        var network = new TinyCamNetwork(seed);
        (Tensor images, bool[] labels, _, _) = SyntheticXrays.Make(160, seed);
        using Tensor targets = tensor(labels.Select(l => l ? 1f : 0f).ToArray());
        using var optimizer = optim.Adam(network.parameters(), lr: 0.003);
        network.train();
        for (int epoch = 0; epoch < 20; epoch++)
            for (int start = 0; start < 160; start += 32)
            {
                using var scope = NewDisposeScope();
                optimizer.zero_grad();
                Tensor loss = nn.functional.binary_cross_entropy_with_logits(
                    network.forward(images.narrow(0, start, 32)), targets.narrow(0, start, 32));
                loss.backward();
                optimizer.step();
                lastLoss = loss.item<float>();
            }
        images.Dispose();
        network.eval();
        return network;
    }
}
