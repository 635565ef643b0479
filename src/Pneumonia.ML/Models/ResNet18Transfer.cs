using Pneumonia.ML.Pretrained;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Pneumonia.ML.Models;

/// <summary>
/// Transfer learning from ImageNet: the pretrained ResNet18 of <c>Microsoft.ML.DnnImageFeaturizer.ResNet18</c>
/// (see <see cref="ResNet18Onnx"/>), dropout, and one linear unit giving the pneumonia logit. The stem and layer1 stay
/// frozen (weights and batch-norm statistics): generic edge detectors, and the most expensive layers to train.
/// </summary>
internal sealed class ResNet18Transfer : nn.Module<Tensor, Tensor>, IFeatureMapNetwork, IClassLogitsNetwork
{
    private readonly ResNet18Onnx backbone;
    private readonly SeededDropout dropout;
    private readonly Linear head;

    /// <param name="pretrained">Load the ImageNet weights (training); false when a saved model's weights follow.</param>
    /// <param name="generator">Draws the head's initial weights.</param>
    /// <param name="outputs">The head: one unit when null, or one per class (<see cref="NetworkOutputs"/>).</param>
    public ResNet18Transfer(bool pretrained, Generator? generator = null, NetworkOutputs? outputs = null) : base(nameof(ResNet18Transfer))
    {
        Outputs = outputs ?? NetworkOutputs.Binary;
        backbone = pretrained ? OnnxResNet18Weights.CreatePretrained() : new ResNet18Onnx();
        dropout = new SeededDropout(0.2);
        head = nn.Linear(ResNet18Onnx.FeatureCount, Outputs.Count);
        RegisterComponents();

        using (no_grad())
        {
            double bound = 1 / Math.Sqrt(ResNet18Onnx.FeatureCount);
            head.weight!.uniform_(-bound, bound, generator);
            head.bias!.zero_();
        }
        foreach (nn.Module frozen in backbone.EarlyLayers())
            foreach (Parameter parameter in frozen.parameters())
                parameter.requires_grad = false;
    }

    /// <summary>The pretrained feature extractor.</summary>
    internal ResNet18Onnx Backbone => backbone;

    /// <summary>The linear unit giving the pneumonia logit from the 512 pooled features.</summary>
    internal Linear Head => head;

    /// <inheritdoc />
    public NetworkOutputs Outputs { get; }

    public override Tensor forward(Tensor images) => Outputs.LogOdds(ForwardClasses(images));

    /// <inheritdoc />
    public Tensor ForwardClasses(Tensor images) => head.call(dropout.call(backbone.call(images)));

    /// <summary>The feature map is layer4's output (after its last ReLU), 512 × S/32 × S/32.</summary>
    public (Tensor Features, Tensor Logits) ForwardWithFeatures(Tensor images)
    {
        (Tensor map, Tensor outputs) = ForwardClassesWithFeatures(images);
        return (map, Outputs.LogOdds(outputs));
    }

    /// <inheritdoc />
    public (Tensor Features, Tensor Outputs) ForwardClassesWithFeatures(Tensor images)
    {
        Tensor map = backbone.FeatureMap(images);
        Tensor pooled = F.adaptive_avg_pool2d(map, 1).flatten(1);
        return (map, head.call(dropout.call(pooled)));
    }

    /// <summary>Training mode everywhere except the frozen layers, whose batch norms keep their ImageNet statistics.</summary>
    public override void train(bool on = true)
    {
        base.train(on);
        foreach (nn.Module frozen in backbone.EarlyLayers()) frozen.eval();
    }
}
