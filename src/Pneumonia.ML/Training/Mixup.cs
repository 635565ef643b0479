using static TorchSharp.torch;

namespace Pneumonia.ML.Training;

/// <summary>
/// Mixup (Zhang et al., ICLR 2018): a training batch is blended with a shuffled copy of itself, x̃ = λ·x + (1 − λ)·x[π],
/// with one λ ~ Beta(α, α) per batch, and the loss is the same blend of the losses against both images' labels. It
/// trains the network towards in-between answers on in-between images, against overconfidence away from the training
/// images (<see cref="PneumoniaTrainingOptions.MixupAlpha"/>). Every draw comes from the epoch's seeded generator.
/// </summary>
internal sealed class Mixup
{
    private Mixup(Tensor permutation, double lambda)
    {
        Permutation = permutation;
        Lambda = lambda;
    }

    /// <summary>Which image of the batch each one is blended with.</summary>
    public Tensor Permutation { get; }

    /// <summary>The share of each image's own pixels and loss, in (0, 1).</summary>
    public double Lambda { get; }

    /// <summary>Draws λ and the shuffle for a batch of <paramref name="count"/> images from <paramref name="generator"/>.</summary>
    public static Mixup Draw(long count, double alpha, Generator generator)
    {
        // Beta(α, α) as G₁ / (G₁ + G₂) of two Gamma(α) draws: libtorch's gamma sampler takes the generator, whereas
        // TorchSharp 0.107's Beta distribution gave other draws from equally seeded generators (MixupTests would fail).
        using Tensor concentration = full(2, alpha, float64);
        using Tensor gammas = _standard_gamma(concentration, generator);
        double[] g = gammas.data<double>().ToArray();
        double sum = g[0] + g[1]; // both can underflow to 0 for a tiny α, whose λ lies at 0 or 1 anyway: then no blend
        double lambda = Math.Clamp(sum > 0 ? g[0] / sum : 1, 1e-6, 1 - 1e-6);
        return new Mixup(randperm(count, generator: generator), lambda);
    }

    /// <summary>λ·images + (1 − λ)·images[π].</summary>
    public Tensor Blend(Tensor images) => images * Lambda + images.index_select(0, Permutation) * (1 - Lambda);

    /// <summary>λ·loss(own labels) + (1 − λ)·loss(the blended-in images' labels): <paramref name="loss"/> takes an index order.</summary>
    public Tensor Loss(Func<Tensor?, Tensor> loss) => loss(null) * Lambda + loss(Permutation) * (1 - Lambda);
}
