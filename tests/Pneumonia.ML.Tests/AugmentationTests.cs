using Pneumonia.ML.Data;
using TorchSharp;

namespace Pneumonia.ML.Tests;

public class AugmentationTests
{
    [Fact]
    public void Is_reproducible_from_its_generator_stays_in_range_and_changes_the_images()
    {
        using var images = SeededTensors.Uniform(5, 4, 3, 64, 64);
        using var first = Augmentation.Apply(images, new torch.Generator(9, torch.CPU));
        using var second = Augmentation.Apply(images, new torch.Generator(9, torch.CPU));
        using var other = Augmentation.Apply(images, new torch.Generator(10, torch.CPU));

        Assert.True(first.allclose(second, rtol: 0, atol: 0));
        Assert.False(first.allclose(other, rtol: 0, atol: 0));
        Assert.Equal(images.shape, first.shape);
        Assert.True(first.min().item<float>() >= 0 && first.max().item<float>() <= 1);
        Assert.True((first - images).abs().mean().item<float>() > 0.01);
    }

    [Fact]
    public void Contrast_and_gamma_of_one_change_nothing()
    {
        using var images = SeededTensors.Uniform(1, 2, 3, 16, 16);
        using var ones = torch.ones(2);
        using var contrast = ImageOps.Contrast(images, ones);
        using var gamma = ImageOps.Gamma(images, ones);
        Assert.True(contrast.allclose(images, atol: 1e-6));
        Assert.True(gamma.allclose(images, atol: 1e-5));
    }

    [Fact]
    public void Blur_keeps_a_flat_image_flat_and_smooths_an_edge()
    {
        using var flat = torch.full(1, 3, 16, 16, 0.4f);
        using var blurredFlat = ImageOps.Blur(flat, 1.5);
        Assert.True(blurredFlat.allclose(flat, atol: 1e-5));

        using var edge = torch.cat([torch.zeros(1, 3, 16, 8), torch.ones(1, 3, 16, 8)], 3);
        using var blurredEdge = ImageOps.Blur(edge, 1.5);
        float nearEdge = blurredEdge[0, 0, 8, 7].item<float>();
        Assert.InRange(nearEdge, 0.1f, 0.9f);
    }
}
