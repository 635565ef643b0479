using Pneumonia.ML.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Pneumonia.ML.Explainability;

/// <summary>
/// Grad-CAM (Selvaraju et al. 2017, "Grad-CAM: Visual Explanations from Deep Networks via Gradient-based
/// Localization"): weigh each channel k of the last convolutional feature map A by αₖ, the spatial mean of the
/// gradient of the class score y with respect to Aₖ, and keep the positive part of Σₖ αₖ Aₖ. The map is upsampled
/// bilinearly to the network's input size and divided by its maximum.
/// </summary>
internal static class GradCam
{
    /// <summary>The heat of one image.</summary>
    /// <param name="Heat">Size × Size values in [0, 1], row-major from the top-left; all 0 when no region raises the score.</param>
    /// <param name="Size">Side of the square heat map: the network's input size.</param>
    /// <param name="Logit">The network's logit (log-odds of pneumonia) for the image.</param>
    /// <param name="FeatureMapSide">Side (rows) of the feature map the heat was upsampled from.</param>
    /// <param name="PooledFeatures">The feature map's global average (the mean over an ensemble's members), which the input check measures.</param>
    public sealed record Result(float[] Heat, int Size, float Logit, int FeatureMapSide, float[] PooledFeatures)
    {
        /// <summary>A softmax model's raw class logits for the image; null for the binary model.</summary>
        public float[]? ClassLogits { get; init; }

        /// <summary>The class whose score the heat raises: a class index, or for the binary model 1 (pneumonia) or 0 (normal).</summary>
        public int ExplainedClass { get; init; }
    }

    /// <param name="network">A network in eval mode.</param>
    /// <param name="image">One image, 1 × 3 × S × S.</param>
    /// <param name="calledPneumonia">Whether a logit is called pneumonia: the class explained is the one predicted,
    /// pneumonia's logit when it is, the negated logit (the score of "normal") otherwise.</param>
    public static Result Compute(IFeatureMapNetwork network, Tensor image, Func<float, bool> calledPneumonia) =>
        Compute(images =>
        {
            (Tensor features, Tensor logits) = network.ForwardWithFeatures(images);
            return ([features], logits);
        }, image, Binary(calledPneumonia));

    /// <summary>Grad-CAM of an ensemble: each member's map weighed by the gradient of the ensemble's logit, then averaged.</summary>
    public static Result Compute(EnsembleNetwork network, Tensor image, Func<float, bool> calledPneumonia) =>
        Compute(network.ForwardWithMemberFeatures, image, Binary(calledPneumonia));

    /// <summary>
    /// Grad-CAM of one class of a softmax model: the score is that class's raw logit (before the softmax, as Selvaraju
    /// et al. do), the class <paramref name="classIndex"/>, or the most probable when null.
    /// </summary>
    public static Result ComputeClass(IClassLogitsNetwork network, Tensor image, int? classIndex) =>
        Compute(images =>
        {
            (Tensor features, Tensor outputs) = network.ForwardClassesWithFeatures(images);
            return ([features], outputs);
        }, image, outputs =>
        {
            float[] z = outputs.detach().contiguous().data<float>().ToArray();
            int explained = classIndex ?? Evaluation.MulticlassMetricsCalculator.ArgMax(z);
            if (explained < 0 || explained >= z.Length)
                throw new ArgumentOutOfRangeException(nameof(classIndex), classIndex, $"The model has {z.Length} classes.");
            float logit = network.Outputs.LogOdds(outputs.detach()).item<float>();
            return (outputs.select(1, explained).sum(), logit, z, explained);
        });

    /// <summary>The binary score: pneumonia's logit when the logit is called pneumonia, its negation (normal's score) otherwise.</summary>
    private static Func<Tensor, (Tensor Score, float Logit, float[]? ClassLogits, int Explained)> Binary(Func<float, bool> calledPneumonia) =>
        logits =>
        {
            float logit = logits.item<float>();
            bool pneumonia = calledPneumonia(logit);
            return (pneumonia ? logits.sum() : logits.sum().neg(), logit, null, pneumonia ? 1 : 0);
        };

    private static Result Compute(Func<Tensor, (Tensor[] Features, Tensor Logits)> forward, Tensor image,
        Func<Tensor, (Tensor Score, float Logit, float[]? ClassLogits, int Explained)> select)
    {
        if (image.dim() != 4 || image.shape[0] != 1)
            throw new ArgumentException("Grad-CAM explains one image at a time (1 × 3 × S × S).", nameof(image));
        int size = (int)image.shape[3];

        using var scope = NewDisposeScope();
        using var gradients = enable_grad();
        (Tensor[] features, Tensor logits) = forward(image);
        (Tensor score, float logit, float[]? classLogits, int explained) = select(logits);

        IList<Tensor> gradient = autograd.grad([score], features);           // 1 × C × h × w each
        Tensor sum = zeros_like(features[0].narrow(1, 0, 1));
        for (int i = 0; i < features.Length; i++)
        {
            Tensor weights = gradient[i].mean([2, 3], keepdim: true);        // αₖ: 1 × C × 1 × 1
            sum = sum + (weights * features[i]).sum(1, keepdim: true);
        }
        // Explicit scalars, disposed only after their calls (an implicit one may be finalized while libtorch reads it).
        using Scalar members = ((float)features.Length).ToScalar();
        Tensor map = sum.div(members).relu();                                // 1 × 1 × h × w
        Tensor upsampled = nn.functional.interpolate(map.detach(), size: [size, size],
            mode: InterpolationMode.Bilinear, align_corners: false);
        float maximum = upsampled.max().item<float>();
        using Scalar peak = maximum.ToScalar();
        Tensor normalised = maximum > 0 ? upsampled.div(peak) : upsampled;
        float[] pooled = stack(features.Select(f => f.detach().mean([2, 3])).ToArray()).mean([0]).flatten()
            .to_type(ScalarType.Float32).data<float>().ToArray();
        return new Result(normalised.flatten().data<float>().ToArray(), size, logit, (int)features[0].shape[2], pooled)
        {
            ClassLogits = classLogits,
            ExplainedClass = explained,
        };
    }
}
