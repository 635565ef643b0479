using Microsoft.ML.OnnxRuntime.Tensors;
using Onnx;
using Pneumonia.ML.Data;
using Pneumonia.ML.Onnx;
using static TorchSharp.torch;
using Tensor = TorchSharp.torch.Tensor;

namespace Pneumonia.ML.Quantization;

/// <summary>Measures the activation ranges the int8 graph needs (<see cref="QdqQuantizer"/>) on decoded images.</summary>
internal static class OnnxCalibration
{
    /// <summary>Images used at most: ranges settle well before (ONNX Runtime's own examples use a few hundred).</summary>
    public const int DefaultImageCount = 256;

    private const int BatchSize = 32;

    /// <summary>The ranges of <paramref name="network"/>'s exported graph on up to <paramref name="count"/> of the images.</summary>
    public static Dictionary<string, ActivationRange> Measure(nn.Module<Tensor, Tensor> network, int imageSize,
        IReadOnlyList<byte[]> pixels, int count = DefaultImageCount) =>
        Measure(OnnxExport.Build(network, imageSize), imageSize, pixels, count);

    /// <summary>The ranges of a float graph on up to <paramref name="count"/> images, spread evenly over the list.</summary>
    public static Dictionary<string, ActivationRange> Measure(ModelProto graph, int imageSize, IReadOnlyList<byte[]> pixels,
        int count = DefaultImageCount) =>
        QdqQuantizer.Calibrate(graph, Batches(Spread(pixels, count), imageSize));

    /// <summary>Up to <paramref name="count"/> items, evenly spaced over the list (all when it is shorter).</summary>
    public static IReadOnlyList<T> Spread<T>(IReadOnlyList<T> items, int count) =>
        items.Count <= count
            ? items
            : Enumerable.Range(0, count).Select(i => items[(int)((long)i * items.Count / count)]).ToList();

    /// <summary>The image files of a folder and its subfolders (.jpeg, .jpg, .png), sorted by path.</summary>
    /// <exception cref="InvalidDatasetException">The folder does not exist or holds no images.</exception>
    public static IReadOnlyList<ImageRecord> FolderImages(string folder)
    {
        string fullPath = Path.GetFullPath(folder);
        if (!Directory.Exists(fullPath)) throw new InvalidDatasetException(fullPath, "the folder does not exist.");
        var files = Directory.EnumerateFiles(fullPath, "*", SearchOption.AllDirectories)
            .Where(ImageFolder.IsImageFile)
            .Order(StringComparer.Ordinal)
            .Select(path => new ImageRecord { ImagePath = path })
            .ToList();
        return files.Count > 0 ? files : throw new InvalidDatasetException(fullPath, "it holds no .jpeg, .jpg or .png files.");
    }

    private static IEnumerable<DenseTensor<float>> Batches(IReadOnlyList<byte[]> pixels, int imageSize)
    {
        int pixelCount = 3 * imageSize * imageSize;
        for (int start = 0; start < pixels.Count; start += BatchSize)
        {
            int count = Math.Min(BatchSize, pixels.Count - start);
            var buffer = new float[count * pixelCount];
            OnnxExport.WriteInput(pixels, start, count, buffer);
            yield return new DenseTensor<float>(buffer, [count, 3, imageSize, imageSize]);
        }
    }
}
