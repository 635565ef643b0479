using TorchSharp;
using static TorchSharp.torch;

namespace Pneumonia.ML.Data;

/// <summary>Turns decoded bytes into network input: float N×3×S×S in [0, 1] (pixels ÷ 255, as in the article).</summary>
internal static class TensorBatch
{
    public static Tensor Images(IReadOnlyList<byte[]> pixels, int imageSize)
    {
        int pixelCount = 3 * imageSize * imageSize;
        byte[] buffer = new byte[(long)pixels.Count * pixelCount];
        for (int i = 0; i < pixels.Count; i++)
            Buffer.BlockCopy(pixels[i], 0, buffer, i * pixelCount, pixelCount);

        using var scope = NewDisposeScope();
        // An explicit scalar, disposed only after the call: an implicit one is unreachable once its handle has been read,
        // and its finalizer may free it while libtorch still reads it (see Native/CollectionFreeStep.cs).
        using Scalar maximum = 255f.ToScalar();
        Tensor bytes = tensor(buffer, [pixels.Count, 3, imageSize, imageSize], dtype: ScalarType.Byte);
        return scope.MoveToOuter(bytes.to_type(ScalarType.Float32).div_(maximum));
    }

    public static Tensor Images(DecodedImages images, ReadOnlySpan<int> indices)
    {
        var selected = new byte[indices.Length][];
        for (int i = 0; i < indices.Length; i++) selected[i] = images.Pixels[indices[i]];
        return Images(selected, images.ImageSize);
    }

    public static Tensor Labels(DecodedImages images, ReadOnlySpan<int> indices)
    {
        var labels = new float[indices.Length];
        for (int i = 0; i < indices.Length; i++) labels[i] = images.Records[indices[i]].Label ? 1f : 0f;
        return tensor(labels);
    }

    /// <summary>The records' class indexes (<see cref="ImageRecord.Class"/>) as int64, the targets of cross-entropy.</summary>
    public static Tensor Classes(DecodedImages images, ReadOnlySpan<int> indices)
    {
        var classes = new long[indices.Length];
        for (int i = 0; i < indices.Length; i++) classes[i] = images.Records[indices[i]].Class;
        return tensor(classes, dtype: ScalarType.Int64);
    }
}
