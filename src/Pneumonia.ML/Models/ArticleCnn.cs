using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pneumonia.ML.Models;

/// <summary>
/// The article's network, exactly: five blocks of Conv 3×3 (valid padding) + ReLU + MaxPool 2 with 16, 32, 64, 128
/// and 256 filters, Flatten, Dense 512 + ReLU, Dense 1. The final sigmoid is applied by the caller (the loss works on
/// the logit for numerical stability). Weights start as Keras starts them: Glorot-uniform kernels, zero biases.
/// For Grad-CAM it shows the output of the fifth block's ReLU, before its pooling (<see cref="FeatureMapLayer"/>).
/// </summary>
internal sealed class ArticleCnn : nn.Module<Tensor, Tensor>, IFeatureMapNetwork, IClassLogitsNetwork
{
    private static readonly int[] Filters = [16, 32, 64, 128, 256];

    private readonly Sequential features;
    private readonly Flatten flatten;
    private readonly Linear dense;
    private readonly ReLU denseActivation;
    private readonly Linear output;

    /// <param name="imageSize">Side of the square input images.</param>
    /// <param name="generator">Draws the initial weights; the global generator when null.</param>
    /// <param name="outputs">The output layer: the article's one unit when null, or one per class (<see cref="NetworkOutputs"/>).</param>
    public ArticleCnn(int imageSize, Generator? generator = null, NetworkOutputs? outputs = null) : base(nameof(ArticleCnn))
    {
        Outputs = outputs ?? NetworkOutputs.Binary;
        int side = FeatureSide(imageSize);
        if (side < 1)
            throw new ArgumentOutOfRangeException(nameof(imageSize), imageSize,
                $"The article's network needs images of at least {MinimumImageSize} pixels: its five valid 3×3 convolutions and 2×2 poolings shrink anything smaller to nothing.");

        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        long channels = 3;
        for (int block = 0; block < Filters.Length; block++)
        {
            layers.Add(($"conv{block + 1}", nn.Conv2d(channels, Filters[block], kernel_size: 3)));
            layers.Add(($"relu{block + 1}", nn.ReLU(inplace: true)));
            layers.Add(($"pool{block + 1}", nn.MaxPool2d(kernel_size: 2)));
            channels = Filters[block];
        }
        features = nn.Sequential(layers);
        flatten = nn.Flatten();
        dense = nn.Linear(channels * side * side, 512);
        denseActivation = nn.ReLU();
        output = nn.Linear(512, Outputs.Count);
        RegisterComponents();

        using var noGrad = no_grad();
        foreach ((string name, Parameter parameter) in named_parameters())
        {
            if (name.EndsWith(".weight", StringComparison.Ordinal)) GlorotUniform(parameter, generator);
            else nn.init.zeros_(parameter);
        }
    }

    /// <summary>The smallest input the five blocks accept.</summary>
    public static int MinimumImageSize => 94;

    /// <summary>The five conv → ReLU → max-pool blocks.</summary>
    internal Sequential Features => features;

    /// <summary>The 512-unit dense layer (ReLU follows) and the one-unit output layer.</summary>
    internal (Linear Dense, Linear Output) Head => (dense, output);

    /// <inheritdoc />
    public NetworkOutputs Outputs { get; }

    public override Tensor forward(Tensor images)
    {
        using var scope = NewDisposeScope();
        return scope.MoveToOuter(Outputs.LogOdds(ForwardClasses(images)));
    }

    /// <inheritdoc />
    public Tensor ForwardClasses(Tensor images) =>
        output.forward(denseActivation.forward(dense.forward(flatten.forward(features.forward(images)))));

    /// <summary>
    /// The layer whose output Grad-CAM explains with: the last convolution's ReLU, before the last pooling, which would
    /// halve the map's side (at 224 px: 10 × 10 rather than 5 × 5; at 128 px, 4 × 4 rather than 2 × 2).
    /// </summary>
    public const string FeatureMapLayer = "relu5";

    /// <inheritdoc />
    public (Tensor Features, Tensor Logits) ForwardWithFeatures(Tensor images)
    {
        using var scope = NewDisposeScope();
        (Tensor map, Tensor outputs) = ForwardClassesWithFeatures(images);
        return (scope.MoveToOuter(map), scope.MoveToOuter(Outputs.LogOdds(outputs)));
    }

    /// <inheritdoc />
    public (Tensor Features, Tensor Outputs) ForwardClassesWithFeatures(Tensor images)
    {
        using var scope = NewDisposeScope();
        Tensor x = images;
        Tensor? featureMap = null;
        foreach ((string name, nn.Module layer) in features.named_children())
        {
            x = ((nn.Module<Tensor, Tensor>)layer).forward(x);
            if (name == FeatureMapLayer) featureMap = x;
        }
        Tensor logits = output.forward(denseActivation.forward(dense.forward(flatten.forward(x))));
        return (scope.MoveToOuter(featureMap!), scope.MoveToOuter(logits));
    }

    /// <summary>Keras' glorot_uniform: U(−b, b) with b = √(6 / (fan_in + fan_out)), drawn from <paramref name="generator"/>.</summary>
    private static void GlorotUniform(Tensor weight, Generator? generator)
    {
        long receptiveField = weight.shape.Skip(2).Aggregate(1L, (a, b) => a * b);
        long fanIn = weight.shape[1] * receptiveField;
        long fanOut = weight.shape[0] * receptiveField;
        double bound = Math.Sqrt(6.0 / (fanIn + fanOut));
        // Tensor.uniform_ honours the generator; TorchSharp 0.107's nn.init.uniform_ ignores it.
        weight.uniform_(-bound, bound, generator);
    }

    /// <summary>Side of the last feature map: each block is a valid 3×3 convolution (−2) then a 2×2 pooling (÷2).</summary>
    private static int FeatureSide(int imageSize)
    {
        int side = imageSize;
        for (int block = 0; block < Filters.Length; block++) side = (side - 2) / 2;
        return side;
    }
}
