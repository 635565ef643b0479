using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pneumonia.ML.Models;

/// <summary>
/// A small network trained from scratch, for users without the pretrained weights: five blocks of Conv 3×3 (same
/// padding) + batch norm + ReLU + MaxPool 2 with 32, 64, 128, 256, 256 filters, global average pooling, dropout 0.3,
/// one linear unit. About 1.2 million parameters; any input of 32 pixels or more.
/// </summary>
internal sealed class CompactCnn : nn.Module<Tensor, Tensor>, IFeatureMapNetwork, IClassLogitsNetwork
{
    private static readonly int[] Filters = [32, 64, 128, 256, 256];

    private readonly Sequential features;
    private readonly SeededDropout dropout;
    private readonly Linear output;

    /// <param name="generator">Draws the initial weights.</param>
    /// <param name="outputs">The output layer: one unit when null, or one per class (<see cref="NetworkOutputs"/>).</param>
    public CompactCnn(Generator? generator = null, NetworkOutputs? outputs = null) : base(nameof(CompactCnn))
    {
        Outputs = outputs ?? NetworkOutputs.Binary;
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        long channels = 3;
        for (int block = 0; block < Filters.Length; block++)
        {
            layers.Add(($"conv{block + 1}", nn.Conv2d(channels, Filters[block], kernel_size: 3, padding: 1, bias: false)));
            layers.Add(($"norm{block + 1}", nn.BatchNorm2d(Filters[block])));
            layers.Add(($"relu{block + 1}", nn.ReLU()));
            layers.Add(($"pool{block + 1}", nn.MaxPool2d(kernel_size: 2)));
            channels = Filters[block];
        }
        features = nn.Sequential(layers);
        dropout = new SeededDropout(0.3);
        output = nn.Linear(channels, Outputs.Count);
        RegisterComponents();

        using var noGrad = no_grad();
        foreach ((string name, Parameter parameter) in named_parameters())
        {
            if (name.StartsWith("features.conv", StringComparison.Ordinal))
            {
                // He (Kaiming) normal for ReLU: std = √(2 / fan_in).
                long fanIn = parameter.shape[1] * parameter.shape[2] * parameter.shape[3];
                parameter.normal_(0, Math.Sqrt(2.0 / fanIn), generator);
            }
            else if (name == "output.weight")
            {
                double bound = 1 / Math.Sqrt(channels);
                parameter.uniform_(-bound, bound, generator);
            }
            else if (name.EndsWith(".bias", StringComparison.Ordinal))
            {
                parameter.zero_();
            }
        }
    }

    /// <summary>The smallest input the five poolings accept.</summary>
    public static int MinimumImageSize => 32;

    /// <summary>The five conv → batch norm → ReLU → max-pool blocks.</summary>
    internal Sequential Features => features;

    /// <summary>The one-unit output layer after global average pooling (dropout is identity at inference).</summary>
    internal Linear Output => output;

    /// <inheritdoc />
    public NetworkOutputs Outputs { get; }

    public override Tensor forward(Tensor images) => ForwardWithFeatures(images).Logits;

    /// <summary>The feature map is the fifth block's output (after its pooling), 256 × S/32 × S/32.</summary>
    public (Tensor Features, Tensor Logits) ForwardWithFeatures(Tensor images)
    {
        (Tensor map, Tensor outputs) = ForwardClassesWithFeatures(images);
        return (map, Outputs.LogOdds(outputs));
    }

    /// <inheritdoc />
    public Tensor ForwardClasses(Tensor images) => ForwardClassesWithFeatures(images).Outputs;

    /// <inheritdoc />
    public (Tensor Features, Tensor Outputs) ForwardClassesWithFeatures(Tensor images)
    {
        Tensor map = features.call(images);
        return (map, output.call(dropout.call(nn.functional.adaptive_avg_pool2d(map, 1).flatten(1))));
    }
}
