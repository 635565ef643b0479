using Pneumonia.ML.Models;
using Pneumonia.ML.Models.Architectures;
using Pneumonia.ML.Native;
using static TorchSharp.torch;

namespace Pneumonia.ML.Tests;

/// <summary>Every registered architecture builds a softmax head whose forward is still the pneumonia log-odds.</summary>
public class SoftmaxHeadTests
{
    public static TheoryData<PneumoniaArchitecture> Registered() => [.. ArchitectureRegistry.Architectures.Select(a => a.Id)];

    [Theory]
    [MemberData(nameof(Registered))]
    public void A_softmax_head_gives_class_logits_and_one_minus_normal_as_pneumonia(PneumoniaArchitecture id)
    {
        TorchRuntime.EnsureLoaded();
        int size = ArchitectureRegistry.Get(id).MinimumImageSize;
        var outputs = new NetworkOutputs(4, Negative: 2);
        using nn.Module<Tensor, Tensor> network = NetworkFactory.Create(id, size, seed: 3, pretrained: false, outputs: outputs);
        network.eval();
        using var images = SeededTensors.Uniform(4, 2, 3, size, size);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();

        Tensor classes = ((IClassLogitsNetwork)network).ForwardClasses(images);
        Assert.Equal([2L, 4L], classes.shape);
        float[] pneumonia = network.forward(images).sigmoid().data<float>().ToArray();
        float[] normal = classes.softmax(1).select(1, 2).data<float>().ToArray();
        for (int i = 0; i < 2; i++) Assert.Equal(1 - normal[i], pneumonia[i], 1e-5);
        (Tensor map, Tensor logOdds) = ((IFeatureMapNetwork)network).ForwardWithFeatures(images);
        Assert.Equal(4, map.dim());
        Assert.Equal(network.forward(images).data<float>().ToArray(), logOdds.data<float>().ToArray(), new Close());
    }

    private sealed class Close : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= 1e-4f;

        public int GetHashCode(float obj) => 0;
    }
}
