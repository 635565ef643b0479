using Pneumonia.ML.Data;
using static TorchSharp.torch;

namespace Pneumonia.ML.Models;

/// <summary>Runs a network in inference mode (no autograd) and returns pneumonia probabilities.</summary>
internal static class Scorer
{
    /// <param name="network">The network, in eval mode.</param>
    /// <param name="images">The decoded images.</param>
    /// <param name="batchSize">Images per forward pass.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    /// <param name="transform">Applied to each batch first (benchmarks shift images with it).</param>
    public static float[] Probabilities(nn.Module<Tensor, Tensor> network, DecodedImages images, int batchSize,
        CancellationToken cancellationToken = default, Func<Tensor, Tensor>? transform = null) =>
        Sigmoid(Logits(network, images, batchSize, cancellationToken, transform));

    /// <summary>The network's logits (log-odds of pneumonia) for decoded images; the parameters as for <see cref="Probabilities(nn.Module{Tensor, Tensor}, DecodedImages, int, CancellationToken, Func{Tensor, Tensor}?)"/>.</summary>
    public static float[] Logits(nn.Module<Tensor, Tensor> network, DecodedImages images, int batchSize,
        CancellationToken cancellationToken = default, Func<Tensor, Tensor>? transform = null)
    {
        var logits = new float[images.Count];
        int[] all = Enumerable.Range(0, images.Count).ToArray();
        for (int start = 0; start < images.Count; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int count = Math.Min(batchSize, images.Count - start);
            using var scope = NewDisposeScope();
            Tensor batch = TensorBatch.Images(images, all.AsSpan(start, count));
            if (transform is not null) batch = transform(batch);
            Logits(network, batch).CopyTo(logits, start);
        }
        return logits;
    }

    /// <summary>1 / (1 + e^−logit) of each logit, computed in double precision.</summary>
    public static float[] Sigmoid(float[] logits) => logits.Select(l => (float)(1 / (1 + Math.Exp(-l)))).ToArray();

    /// <summary>Probabilities for a ready batch. The network must already be in eval mode.</summary>
    public static float[] Probabilities(nn.Module<Tensor, Tensor> network, Tensor batch) => Sigmoid(Logits(network, batch));

    /// <summary>Logits for a ready batch. The network must already be in eval mode.</summary>
    public static float[] Logits(nn.Module<Tensor, Tensor> network, Tensor batch)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        return network.forward(batch).data<float>().ToArray();
    }

    /// <summary>
    /// Softmax probabilities of every class (one array per image, in class order) from a network with a softmax head
    /// (<see cref="IClassLogitsNetwork"/>); the parameters as for <see cref="Logits(nn.Module{Tensor, Tensor}, DecodedImages, int, CancellationToken, Func{Tensor, Tensor}?)"/>.
    /// </summary>
    public static float[][] ClassProbabilities(nn.Module<Tensor, Tensor> network, DecodedImages images, int batchSize,
        CancellationToken cancellationToken = default, Func<Tensor, Tensor>? transform = null)
    {
        var network_ = (IClassLogitsNetwork)network;
        var probabilities = new float[images.Count][];
        int[] all = Enumerable.Range(0, images.Count).ToArray();
        for (int start = 0; start < images.Count; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int count = Math.Min(batchSize, images.Count - start);
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            Tensor batch = TensorBatch.Images(images, all.AsSpan(start, count));
            if (transform is not null) batch = transform(batch);
            float[] flat = network_.ForwardClasses(batch).to_type(ScalarType.Float64).softmax(1).to_type(ScalarType.Float32).contiguous().data<float>().ToArray();
            int classes = flat.Length / count;
            for (int i = 0; i < count; i++) probabilities[start + i] = flat.AsSpan(i * classes, classes).ToArray();
        }
        return probabilities;
    }
}
