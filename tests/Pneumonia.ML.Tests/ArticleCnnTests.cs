using Pneumonia.ML.Models;

namespace Pneumonia.ML.Tests;

public class ArticleCnnTests
{
    [Fact]
    public void Parameter_counts_equal_the_Keras_summary_at_300_pixels()
    {
        using var network = new ArticleCnn(300);
        long[] counts = network.named_children().Select(c => c.module.parameters().Sum(p => p.numel())).ToArray();
        var features = (TorchSharp.Modules.Sequential)network.named_children().First().module;
        long[] convolutions = features.named_children().Where(c => c.name.StartsWith("conv", StringComparison.Ordinal))
            .Select(c => c.module.parameters().Sum(p => p.numel())).ToArray();

        Assert.Equal([448L, 4_640, 18_496, 73_856, 295_168], convolutions);
        // Flatten gives 7 × 7 × 256 = 12,544 features at 300 px: Dense(512) has 12,544 × 512 + 512 parameters.
        Assert.Equal(6_423_040L, network.named_children().Single(c => c.name == "dense").module.parameters().Sum(p => p.numel()));
        Assert.Equal(513L, network.named_children().Single(c => c.name == "output").module.parameters().Sum(p => p.numel()));
        Assert.Equal(6_816_161L, network.parameters().Sum(p => p.numel()));
    }

    [Fact]
    public void Gives_one_logit_per_image()
    {
        using var network = new ArticleCnn(96);
        using var images = SeededTensors.Uniform(3, 3, 3, 96, 96);
        using var logits = network.forward(images);
        Assert.Equal([3L], logits.shape);
    }

    [Fact]
    public void Refuses_images_too_small_for_five_blocks()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new ArticleCnn(93));
        Assert.Contains("at least 94 pixels", error.Message);
        using var smallest = new ArticleCnn(94);
    }
}
