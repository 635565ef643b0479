using Pneumonia.ML.Data;
using Pneumonia.ML.Explainability;
using Pneumonia.ML.Native;
using static TorchSharp.torch;

namespace Pneumonia.ML.Models;

/// <summary>
/// The one owner of a trained TorchSharp network: it keeps the module in eval mode with its convolution weights
/// channels-last (<see cref="ChannelsLast"/>), feeds every forward pass, Grad-CAM included, in that same layout, scores
/// in batches inside dispose scopes, lets glibc reuse large blocks while it scores more than one batch
/// (<see cref="LargeBlockReuse"/>), and saves its weights in the ordinary layout TorchSharp writes.
/// </summary>
internal sealed class TorchNetwork : IDisposable
{
    /// <summary>Images per forward pass when scoring many.</summary>
    public const int BatchSize = 32;

    private readonly Func<nn.Module<Tensor, Tensor>> _createEmpty;

    /// <param name="module">The trained network; owned from now on.</param>
    /// <param name="imageSize">Side of its square input.</param>
    /// <param name="createEmpty">Builds an untrained network of the same architecture (for saving a contiguous copy).</param>
    public TorchNetwork(nn.Module<Tensor, Tensor> module, int imageSize, Func<nn.Module<Tensor, Tensor>> createEmpty)
    {
        Module = module;
        ImageSize = imageSize;
        _createEmpty = createEmpty;
        module.eval();
        ChannelsLast.Apply(module);
    }

    /// <summary>The owner of a trained <paramref name="module"/> of <paramref name="architecture"/> (an ensemble of <paramref name="members"/> when more than 1).</summary>
    public static TorchNetwork Of(nn.Module<Tensor, Tensor> module, PneumoniaArchitecture architecture, int imageSize, int members = 1,
        NetworkOutputs? outputs = null) =>
        new(module, imageSize, () => NetworkFactory.Create(architecture, imageSize, pretrained: false, members: members, outputs: outputs));

    /// <summary>The module (eval mode, channels-last weights), for exporters, summaries and benchmarks.</summary>
    public nn.Module<Tensor, Tensor> Module { get; }

    public int ImageSize { get; }

    /// <summary>Whether scoring more than one batch lets glibc reuse large blocks (<see cref="PneumoniaInferenceOptions.ReuseLargeBlocks"/>).</summary>
    public bool ReuseLargeBlocks { get; set; } = true;

    /// <summary>True when the network exposes a feature map for Grad-CAM.</summary>
    public bool CanExplain => Module is IFeatureMapNetwork || Module is EnsembleNetwork { CanExplain: true };

    /// <summary>Logits for decoded images, <see cref="BatchSize"/> at a time.</summary>
    /// <param name="pixels">3 × S × S bytes per image.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    /// <param name="transform">Applied to each float batch before the network (benchmarks shift the images with it).</param>
    public float[] Logits(IReadOnlyList<byte[]> pixels, CancellationToken cancellationToken = default, Func<Tensor, Tensor>? transform = null)
    {
        using IDisposable? heap = ReuseLargeBlocks && pixels.Count > BatchSize ? LargeBlockReuse.Enter() : null; // one batch has nothing to reuse
        var logits = new float[pixels.Count];
        byte[][] all = pixels as byte[][] ?? [.. pixels];
        for (int start = 0; start < all.Length; start += BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int count = Math.Min(BatchSize, all.Length - start);
            using var scope = NewDisposeScope();
            Tensor batch = TensorBatch.Images(new ArraySegment<byte[]>(all, start, count), ImageSize);
            if (transform is not null) batch = transform(batch);
            Scorer.Logits(Module, ChannelsLast.Of(batch)).CopyTo(logits, start);
        }
        return logits;
    }

    /// <summary>
    /// Logits and pooled last-convolution features (the global average of the feature map Grad-CAM explains with; the
    /// mean over an ensemble's members) for decoded images, <see cref="BatchSize"/> at a time, in one forward pass each.
    /// A network without a feature map gives empty feature vectors.
    /// </summary>
    public Engines.EngineScores Score(IReadOnlyList<byte[]> pixels, CancellationToken cancellationToken = default)
    {
        using IDisposable? heap = ReuseLargeBlocks && pixels.Count > BatchSize ? LargeBlockReuse.Enter() : null;
        return Score(Module, ImageSize, pixels, cancellationToken);
    }

    /// <summary>
    /// <see cref="Score(IReadOnlyList{byte[]}, CancellationToken)"/> for a module in eval mode that this class does not
    /// own (the trainer's, whose convolution weights are already channels-last).
    /// </summary>
    public static Engines.EngineScores Score(nn.Module<Tensor, Tensor> module, int imageSize, IReadOnlyList<byte[]> pixels,
        CancellationToken cancellationToken = default)
    {
        var logits = new float[pixels.Count];
        var features = new float[pixels.Count][];
        float[][]? classLogits = module is IClassLogitsNetwork { Outputs.IsMulticlass: true } ? new float[pixels.Count][] : null;
        byte[][] all = pixels as byte[][] ?? [.. pixels];
        for (int start = 0; start < all.Length; start += BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int count = Math.Min(BatchSize, all.Length - start);
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            Tensor batch = ChannelsLast.Of(TensorBatch.Images(new ArraySegment<byte[]>(all, start, count), imageSize));
            (Tensor logit, Tensor? pooled, Tensor? outputs) = ForwardPooled(module, batch);
            logit.data<float>().ToArray().CopyTo(logits, start);
            for (int i = 0; i < count; i++)
                features[start + i] = pooled is null ? [] : pooled[i].contiguous().data<float>().ToArray();
            if (classLogits is not null && outputs is not null)
            {
                float[] flat = outputs.contiguous().data<float>().ToArray();
                int classes = flat.Length / count;
                for (int i = 0; i < count; i++) classLogits[start + i] = flat.AsSpan(i * classes, classes).ToArray();
            }
        }
        return new Engines.EngineScores(logits, features) { ClassLogits = classLogits };
    }

    /// <summary>
    /// The logits, the pooled features (N × C; null without a feature map) and a softmax model's raw class logits (N × K;
    /// null for the binary model) of a ready batch, in the caller's scope.
    /// </summary>
    private static (Tensor Logits, Tensor? Pooled, Tensor? ClassLogits) ForwardPooled(nn.Module<Tensor, Tensor> module, Tensor batch)
    {
        switch (module)
        {
            case IClassLogitsNetwork { Outputs.IsMulticlass: true } network when module is IFeatureMapNetwork:
            {
                (Tensor map, Tensor outputs) = network.ForwardClassesWithFeatures(batch);
                return (network.Outputs.LogOdds(outputs), Pool(map), outputs);
            }
            case IFeatureMapNetwork network:
            {
                (Tensor map, Tensor logits) = network.ForwardWithFeatures(batch);
                return (logits, Pool(map), null);
            }
            case EnsembleNetwork { CanExplain: true } ensemble:
            {
                (Tensor[] maps, Tensor logits) = ensemble.ForwardWithMemberFeatures(batch);
                return (logits, stack(maps.Select(Pool).ToArray()).mean([0]), null);
            }
            default:
                return (module.forward(batch), null, null);
        }

        static Tensor Pool(Tensor map) => map.mean([2, 3]).to_type(ScalarType.Float32);
    }

    /// <summary>Grad-CAM of one decoded image, in the layout the network predicts with.</summary>
    /// <exception cref="NotSupportedException">The network does not expose a feature map.</exception>
    public GradCam.Result Explain(byte[] pixels, Func<float, bool> calledPneumonia, PneumoniaArchitecture architecture)
    {
        if (!CanExplain)
            throw new NotSupportedException($"Grad-CAM needs the network's last convolutional feature map, which the {architecture} network does not expose.");
        using var scope = NewDisposeScope();
        Tensor batch = ChannelsLast.Of(TensorBatch.Images([pixels], ImageSize));
        return Module is EnsembleNetwork ensemble
            ? GradCam.Compute(ensemble, batch, calledPneumonia)
            : GradCam.Compute((IFeatureMapNetwork)Module, batch, calledPneumonia);
    }

    /// <summary>
    /// Grad-CAM of one class of a softmax model (<see cref="IClassLogitsNetwork"/>) for one decoded image: class
    /// <paramref name="classIndex"/>, or the most probable when null.
    /// </summary>
    /// <exception cref="NotSupportedException">The network has no softmax head or no feature map.</exception>
    public GradCam.Result ExplainClass(byte[] pixels, int? classIndex, PneumoniaArchitecture architecture)
    {
        using var scope = NewDisposeScope();
        Tensor batch = ChannelsLast.Of(TensorBatch.Images([pixels], ImageSize));
        return Module is IClassLogitsNetwork { Outputs.IsMulticlass: true } network
            ? GradCam.ComputeClass(network, batch, classIndex)
            : throw new NotSupportedException($"Grad-CAM of a class needs a {architecture} network with a softmax head and a feature map.");
    }

    /// <summary>The weights as TorchSharp saves them (ordinary layout), without touching the live network.</summary>
    public byte[] SaveWeights()
    {
        // TorchSharp saves only contiguous tensors, and the conv weights are channels-last: save a copy, so that calls
        // running at the same time keep their layout.
        using nn.Module<Tensor, Tensor> copy = _createEmpty();
        copy.load_state_dict(Module.state_dict(), strict: true);
        using var stream = new MemoryStream();
        copy.save(stream);
        return stream.ToArray();
    }

    public void Dispose() => Module.Dispose();
}
