using System.Collections.Concurrent;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;

namespace Pneumonia.ML.Data;

/// <summary>
/// The ML.NET half of the data flow: image path (or bytes) → <c>LoadImages</c> → <c>ResizeImages</c> (stretched to a
/// square, like Keras' <c>flow_from_directory</c>) → <c>ExtractPixels</c> (RGB, channel-major). Grayscale and colour
/// files both come out as three channels. Thread-safe.
/// </summary>
internal sealed class ImagePreprocessor
{
    private const string PathColumn = nameof(ImageRecord.ImagePath);
    private const string ImageColumn = "Image";
    private const string PixelsColumn = "Pixels";

    private readonly MLContext _ml;
    private readonly ITransformer _fromPath;
    private readonly ITransformer _fromImage;
    private readonly ConcurrentBag<PredictionEngine<ImageInput, PixelOutput>> _engines = new();
    private readonly object _engineLock = new();

    public ImagePreprocessor(int imageSize)
    {
        ImageSize = imageSize;
        _ml = new MLContext(seed: 0);
        var resizeAndExtract = _ml.Transforms.ResizeImages(ImageColumn, imageSize, imageSize, ImageColumn,
                ImageResizingEstimator.ResizingKind.Fill)
            .Append(_ml.Transforms.ExtractPixels(PixelsColumn, ImageColumn, outputAsFloatArray: false));

        IDataView noRecords = _ml.Data.LoadFromEnumerable(Array.Empty<ImageRecord>());
        _fromPath = _ml.Transforms.LoadImages(ImageColumn, imageFolder: null, inputColumnName: PathColumn)
            .Append(resizeAndExtract).Fit(noRecords);
        _fromImage = resizeAndExtract.Fit(_ml.Data.LoadFromEnumerable(Array.Empty<ImageInput>()));
    }

    public int ImageSize { get; }

    /// <summary>The number of bytes one image becomes.</summary>
    public int PixelCount => 3 * ImageSize * ImageSize;

    /// <summary>Decodes every record once through the ML.NET pipeline.</summary>
    /// <exception cref="InvalidImageException">A file could not be decoded; the exception names it.</exception>
    public DecodedImages Decode(IReadOnlyList<ImageRecord> records, CancellationToken cancellationToken = default)
    {
        IDataView transformed = _fromPath.Transform(_ml.Data.LoadFromEnumerable(records));
        var pixels = new byte[records.Count][];
        using DataViewRowCursor cursor = transformed.GetRowCursor(transformed.Schema);
        ValueGetter<VBuffer<byte>> getPixels = cursor.GetGetter<VBuffer<byte>>(transformed.Schema[PixelsColumn]);
        VBuffer<byte> buffer = default;
        for (int i = 0; i < records.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string path = records[i].ImagePath;
            try
            {
                if (!cursor.MoveNext()) throw new InvalidImageException(path, "the image pipeline returned no row for it.");
                getPixels(ref buffer);
            }
            catch (Exception e) when (e is not OperationCanceledException and not InvalidImageException)
            {
                throw new InvalidImageException(path, DescribeFailure(e), e);
            }
            pixels[i] = ToArray(buffer, path);
        }
        return new DecodedImages(records, pixels, ImageSize);
    }

    /// <summary>Decodes one encoded image (JPEG or PNG bytes).</summary>
    /// <param name="bytes">The file's bytes.</param>
    /// <param name="source">What to call the image in an error message.</param>
    public byte[] Decode(byte[] bytes, string source)
    {
        MLImage image;
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            image = MLImage.CreateFromStream(stream);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidImageException(source, DescribeFailure(e), e);
        }

        using (image)
        {
            PredictionEngine<ImageInput, PixelOutput> engine = RentEngine();
            try
            {
                PixelOutput output = engine.Predict(new ImageInput { Image = image });
                return ToArray(output.Pixels, source);
            }
            finally
            {
                _engines.Add(engine);
            }
        }
    }

    private PredictionEngine<ImageInput, PixelOutput> RentEngine()
    {
        if (_engines.TryTake(out var engine)) return engine;
        lock (_engineLock) return _ml.Model.CreatePredictionEngine<ImageInput, PixelOutput>(_fromImage);
    }

    private byte[] ToArray(VBuffer<byte> buffer, string source)
    {
        if (buffer.Length != PixelCount)
            throw new InvalidImageException(source, $"it decoded to {buffer.Length} values instead of {PixelCount}.");
        byte[] result = new byte[PixelCount];
        buffer.CopyTo(result);
        return result;
    }

    private static string DescribeFailure(Exception e) =>
        e is FileNotFoundException or DirectoryNotFoundException
            ? "the file does not exist."
            : $"it could not be decoded as a JPEG or PNG image ({e.GetBaseException().Message.TrimEnd('.')}).";

    /// <summary>Input row of the single-image pipeline.</summary>
    internal sealed class ImageInput
    {
        [ImageType(1, 1)]
        public MLImage? Image { get; set; }
    }

    /// <summary>Output row of the single-image pipeline.</summary>
    internal sealed class PixelOutput
    {
        [ColumnName(PixelsColumn)]
        public VBuffer<byte> Pixels { get; set; }
    }
}
