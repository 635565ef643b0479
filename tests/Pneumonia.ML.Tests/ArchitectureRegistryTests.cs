using Pneumonia.ML.Engines;
using Pneumonia.ML.Models;
using Pneumonia.ML.Models.Architectures;
using Pneumonia.ML.Native;
using Pneumonia.ML.Onnx;
using static TorchSharp.torch;

namespace Pneumonia.ML.Tests;

/// <summary>Every registered architecture does everything the library asks of one, at its smallest image size.</summary>
public class ArchitectureRegistryTests
{
    public static TheoryData<PneumoniaArchitecture> Registered() => [.. ArchitectureRegistry.Architectures.Select(a => a.Id)];

    [Fact]
    public void Every_public_architecture_is_registered_once()
    {
        Assert.Equal(Enum.GetValues<PneumoniaArchitecture>(), ArchitectureRegistry.Architectures.Select(a => a.Id));
        Assert.Throws<ArgumentOutOfRangeException>(() => ArchitectureRegistry.Get((PneumoniaArchitecture)99));
    }

    [Theory]
    [MemberData(nameof(Registered))]
    public void Builds_trains_a_step_and_exports_the_same_logits(PneumoniaArchitecture id)
    {
        TorchRuntime.EnsureLoaded();
        Architecture architecture = ArchitectureRegistry.Get(id);
        int size = architecture.MinimumImageSize;
        Assert.InRange(architecture.DefaultLearningRate, 1e-5, 0.1);

        using nn.Module<Tensor, Tensor> network = NetworkFactory.Create(id, size, seed: 2, pretrained: false);
        Assert.Same(architecture, ArchitectureRegistry.Of(network));
        using var images = SeededTensors.Uniform(3, 2, 3, size, size);
        using (var optimizer = architecture.CreateOptimizer(network.parameters().Where(p => p.requires_grad), architecture.DefaultLearningRate))
        using (var scope = NewDisposeScope())
        {
            network.train();
            Tensor loss = network.call(images).sigmoid().sum();
            loss.backward();
            optimizer.step();
        }

        network.eval();
        byte[][] pixels = [.. Enumerable.Range(0, 2).Select(i => images[i].mul(255).round().to_type(ScalarType.Byte).data<byte>().ToArray())];
        float[] fromBytes;
        using (var scope = NewDisposeScope()) fromBytes = Scorer.Logits(network, Data.TensorBatch.Images(pixels, size));
        using var onnx = OnnxEngines.Create(OnnxExport.Build(network, size), size);
        float[] exported = onnx.Logits(pixels);
        Assert.Equal(2, fromBytes.Length);
        for (int i = 0; i < 2; i++) Assert.Equal(fromBytes[i], exported[i], 1e-3f);
    }

    [Fact]
    public void Image_sizes_outside_an_architectures_range_are_refused_with_its_limits()
    {
        foreach (Architecture architecture in ArchitectureRegistry.Architectures)
        {
            var options = new PneumoniaTrainingOptions { Architecture = architecture.Id, ImageSize = architecture.MinimumImageSize - 1 };
            var error = Assert.Throws<ArgumentOutOfRangeException>(() => PneumoniaClassifier.Train(Fixtures.SampleTrain, options));
            Assert.Contains($"between {architecture.MinimumImageSize} and {architecture.MaximumImageSize}", error.Message);
        }
    }
}
