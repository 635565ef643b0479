using Pneumonia.ML.Models;
using Pneumonia.ML.Native;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pneumonia.ML.Tests;

/// <summary>The channels-last layout the classifier predicts with changes the speed, not the numbers or the saved files.</summary>
public class ChannelsLastTests
{
    [Theory]
    [InlineData(PneumoniaArchitecture.ArticleCnn, 150)]
    [InlineData(PneumoniaArchitecture.CompactCnn, 64)]
    [InlineData(PneumoniaArchitecture.ResNet18, 64)]
    public void Gives_the_probabilities_of_the_ordinary_layout(PneumoniaArchitecture architecture, int imageSize)
    {
        TorchRuntime.EnsureLoaded();
        using var ordinary = NetworkFactory.Create(architecture, imageSize, seed: 3, pretrained: false);
        using var channelsLast = NetworkFactory.Create(architecture, imageSize, seed: 3, pretrained: false);
        channelsLast.load_state_dict(ordinary.state_dict()); // ResNet18's backbone is not seeded without its ONNX weights
        ordinary.eval();
        channelsLast.eval();
        ChannelsLast.Apply(channelsLast);
        // A 1×1 kernel is laid out the same both ways; every larger one must have moved.
        Assert.All(channelsLast.modules().OfType<Conv2d>().Where(conv => conv.weight!.shape[2] * conv.weight.shape[3] > 1),
            conv => Assert.False(conv.weight!.is_contiguous()));

        using var scope = NewDisposeScope();
        Tensor images = rand(4, 3, imageSize, imageSize, generator: new Generator(7));
        Tensor laidOut = ChannelsLast.Of(images);
        Assert.False(laidOut.is_contiguous());
        float[] expected = Scorer.Probabilities(ordinary, images);
        float[] actual = Scorer.Probabilities(channelsLast, laidOut);
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 1e-5f);
    }

    [Fact]
    public void A_loaded_model_saves_to_the_same_bytes()
    {
        string folder = Fixtures.NewTempFolder();
        string first = Path.Combine(folder, "first.pnm"), second = Path.Combine(folder, "second.pnm");
        using (PneumoniaClassifier shipped = PneumoniaClassifier.LoadDefault()) shipped.Save(first);
        using (PneumoniaClassifier loaded = PneumoniaClassifier.Load(first)) loaded.Save(second);
        Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(second));
    }
}
