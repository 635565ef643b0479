using Pneumonia.ML.Training;
using static TorchSharp.torch;

namespace Pneumonia.ML.Tests;

/// <summary><see cref="PneumoniaTrainingOptions.MixupAlpha"/>: the blend and its draws (that it reaches training, and its range: TrainingTests).</summary>
public class MixupTests
{
    [Fact]
    public void A_batch_is_blended_with_a_shuffle_of_itself_and_the_loss_likewise()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(7, device: CPU);
        Tensor images = arange(4 * 3 * 2 * 2, float32).reshape(4, 3, 2, 2);

        Mixup mixup = Mixup.Draw(4, 0.4, generator);

        Assert.InRange(mixup.Lambda, 1e-6, 1 - 1e-6);
        long[] order = mixup.Permutation.data<long>().ToArray();
        Assert.Equal([0L, 1, 2, 3], order.Order());
        Tensor expected = stack(Enumerable.Range(0, 4).Select(i => images[i] * mixup.Lambda + images[order[i]] * (1 - mixup.Lambda)));
        Assert.True(mixup.Blend(images).allclose(expected, rtol: 1e-6, atol: 1e-5));
        Tensor loss = mixup.Loss(permutation => tensor(permutation is null ? 2.0f : 10.0f));
        Assert.Equal(2 * mixup.Lambda + 10 * (1 - mixup.Lambda), loss.item<float>(), 4);
    }

    [Fact]
    public void The_draws_come_from_the_generator_alone()
    {
        using var first = new Generator(11, device: CPU);
        using var second = new Generator(11, device: CPU);
        for (int i = 0; i < 5; i++)
        {
            Mixup a = Mixup.Draw(8, 0.2, first), b = Mixup.Draw(8, 0.2, second);
            Assert.Equal(a.Lambda, b.Lambda);
            Assert.Equal(a.Permutation.data<long>().ToArray(), b.Permutation.data<long>().ToArray());
            a.Permutation.Dispose();
            b.Permutation.Dispose();
        }
    }

    [Theory]
    [InlineData(0.2, 0.45, 1.0)] // Beta(0.2, 0.2) puts about 60% of its mass below 0.1 or above 0.9 (mild blends)
    [InlineData(4.0, 0.0, 0.05)] // Beta(4, 4): about 1% there (strong blends)
    public void Lambda_follows_a_symmetric_beta_of_alpha(double alpha, double minimumTails, double maximumTails)
    {
        using var generator = new Generator(3, device: CPU);
        double[] lambdas = Enumerable.Range(0, 2000).Select(_ =>
        {
            Mixup draw = Mixup.Draw(2, alpha, generator);
            draw.Permutation.Dispose();
            return draw.Lambda;
        }).ToArray();

        Assert.InRange(lambdas.Average(), 0.47, 0.53);
        Assert.InRange(lambdas.Count(l => l < 0.1 || l > 0.9) / 2000.0, minimumTails, maximumTails);
    }
}
