using System.Collections.Concurrent;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;
using Pneumonia.ML.IO;

namespace Pneumonia.ML.Data;

/// <summary>
/// Image bytes → <see cref="ImageDecoder"/> (header checks, EXIF orientation, 8-bit BGRA) → ML.NET
/// <c>ResizeImages</c> (stretched to a square, like Keras' <c>flow_from_directory</c>) → ML.NET <c>ExtractPixels</c>
/// (RGB, channel-major bytes). Grayscale and colour files both come out as three channels. Thread-safe: each caller
/// borrows its own ML.NET prediction engine from a pool.
/// </summary>
internal sealed class ImagePreprocessor
{
    private const string ImageColumn = "Image";
    private const string PixelsColumn = "Pixels";

    private readonly MLContext _ml;
    private readonly ITransformer _resizeAndExtract;
    private readonly ConcurrentBag<PredictionEngine<ImageInput, PixelOutput>> _engines = new();
    private readonly object _engineLock = new();

    /// <param name="imageSize">Side images are resized to.</param>
    /// <param name="maxPixels">The pixel budget: larger images are refused from their header; files over
    /// <see cref="ImageDecoder.MaxFileBytes"/> of it are refused from their length, unread.</param>
    public ImagePreprocessor(int imageSize, long maxPixels = ImageDecoder.DefaultMaxPixels)
    {
        ImageSize = imageSize;
        MaxPixels = maxPixels;
        _ml = new MLContext(seed: 0);
        _resizeAndExtract = _ml.Transforms.ResizeImages(ImageColumn, imageSize, imageSize, ImageColumn,
                ImageResizingEstimator.ResizingKind.Fill)
            .Append(_ml.Transforms.ExtractPixels(PixelsColumn, ImageColumn, outputAsFloatArray: false))
            .Fit(_ml.Data.LoadFromEnumerable(Array.Empty<ImageInput>()));
    }

    public int ImageSize { get; }

    /// <summary>The largest image, in pixels, this preprocessor decodes.</summary>
    public long MaxPixels { get; }

    /// <summary>The largest image file or stream, in bytes, this preprocessor reads.</summary>
    public long MaxFileBytes => ImageDecoder.MaxFileBytes(MaxPixels);

    /// <summary>The number of bytes one image becomes.</summary>
    public int PixelCount => 3 * ImageSize * ImageSize;

    /// <summary>Decodes every record once, on all cores. The first unreadable file (in record order) throws.</summary>
    /// <exception cref="InvalidImageException">A file could not be read or decoded; the exception names it.</exception>
    public DecodedImages Decode(IReadOnlyList<ImageRecord> records, CancellationToken cancellationToken = default) =>
        Decode(records, skipped: null, cancellationToken);

    /// <summary>
    /// Decodes every record once, on all cores. With a <paramref name="skipped"/> list, unreadable files are left out
    /// and listed there (in record order); without one, the first unreadable file throws.
    /// </summary>
    public DecodedImages Decode(IReadOnlyList<ImageRecord> records, List<PneumoniaSkippedImage>? skipped,
        CancellationToken cancellationToken = default)
    {
        var pixels = new byte[records.Count][];
        var sizes = new (int Width, int Height)[records.Count];
        var failures = new InvalidImageException?[records.Count];
        Parallel.For(0, records.Count, new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount },
            i =>
            {
                try
                {
                    ImageRecord record = records[i];
                    (pixels[i], sizes[i]) = record.Pixels is { } ready ? (ready, record.OriginalSize)
                        : record.Encoded is { } encoded ? DecodeWithSize(encoded, record.ImagePath) : DecodeFileWithSize(record.ImagePath);
                }
                catch (InvalidImageException e)
                {
                    failures[i] = e;
                }
            });

        if (failures.All(f => f is null)) return new DecodedImages(records, pixels, ImageSize, sizes);
        if (skipped is null) throw failures.First(f => f is not null)!;

        var kept = new List<ImageRecord>();
        var keptPixels = new List<byte[]>();
        var keptSizes = new List<(int, int)>();
        for (int i = 0; i < records.Count; i++)
        {
            if (failures[i] is { } failure) skipped.Add(new PneumoniaSkippedImage(failure.Path, failure.Reason));
            else { kept.Add(records[i]); keptPixels.Add(pixels[i]); keptSizes.Add(sizes[i]); }
        }
        return new DecodedImages(kept, keptPixels.ToArray(), ImageSize, keptSizes.ToArray());
    }

    /// <summary>Reads and decodes one file.</summary>
    public byte[] DecodeFile(string path) => Decode(ReadFile(path), path);

    /// <summary>
    /// Reads an image file's bytes: a folder, pipe or device is refused before it is opened, a file over
    /// <see cref="MaxFileBytes"/> from its length, unread; I/O failures become an <see cref="InvalidImageException"/> naming it.
    /// </summary>
    public byte[] ReadFile(string path) =>
        BoundedFile.Read(path, MaxFileBytes, (reason, inner) => new InvalidImageException(path, reason, inner), "an image file");

    /// <summary>Reads an image from a stream, at most <see cref="MaxFileBytes"/> bytes.</summary>
    public byte[] ReadStream(Stream stream, string source) =>
        BoundedFile.ReadRest(stream, MaxFileBytes, (reason, inner) => new InvalidImageException(source, reason, inner), "an image");

    /// <summary>Reads and decodes one file, also giving its width and height before resizing.</summary>
    public (byte[] Pixels, (int Width, int Height) Size) DecodeFileWithSize(string path) => DecodeWithSize(ReadFile(path), path);

    /// <summary>Decodes one encoded image (JPEG or PNG bytes).</summary>
    /// <param name="bytes">The file's bytes.</param>
    /// <param name="source">What to call the image in an error message.</param>
    public byte[] Decode(byte[] bytes, string source) => DecodeWithSize(bytes, source).Pixels;

    /// <summary>Decodes one encoded image, also giving its width and height (upright) before resizing.</summary>
    /// <param name="bytes">The file's bytes.</param>
    /// <param name="source">What to call the image in an error message.</param>
    public (byte[] Pixels, (int Width, int Height) Size) DecodeWithSize(byte[] bytes, string source)
    {
        using MLImage image = ImageDecoder.Decode(bytes, source, MaxPixels);
        return DecodeWithSize(image, source);
    }

    /// <summary>Resizes an image ML.NET has already decoded (an <c>LoadImages</c> column) and extracts its pixels.</summary>
    /// <param name="image">The image; the caller keeps it.</param>
    /// <param name="source">What to call the image in an error message.</param>
    public byte[] Decode(MLImage image, string source) => DecodeWithSize(image, source).Pixels;

    /// <summary>Resizes a decoded image and extracts its pixels, also giving its width and height before resizing.</summary>
    /// <param name="image">The image; the caller keeps it.</param>
    /// <param name="source">What to call the image in an error message.</param>
    public (byte[] Pixels, (int Width, int Height) Size) DecodeWithSize(MLImage image, string source)
    {
        if (image.Width < 1 || image.Height < 1)
            throw new InvalidImageException(source, $"it has an impossible size ({image.Width} × {image.Height}).");
        (int Width, int Height) size = (image.Width, image.Height);
        PredictionEngine<ImageInput, PixelOutput> engine = RentEngine();
        try
        {
            VBuffer<byte> output = engine.Predict(new ImageInput { Image = image }).Pixels;
            if (output.Length != PixelCount)
                throw new InvalidImageException(source, $"it decoded to {output.Length} values instead of {PixelCount}.");
            byte[] result = new byte[PixelCount];
            output.CopyTo(result);
            return (result, size);
        }
        finally
        {
            _engines.Add(engine);
        }
    }

    private PredictionEngine<ImageInput, PixelOutput> RentEngine()
    {
        if (_engines.TryTake(out var engine)) return engine;
        lock (_engineLock) return _ml.Model.CreatePredictionEngine<ImageInput, PixelOutput>(_resizeAndExtract);
    }

    /// <summary>Input row of the pipeline.</summary>
    internal sealed class ImageInput
    {
        [ImageType(1, 1)]
        public MLImage? Image { get; set; }
    }

    /// <summary>Output row of the pipeline.</summary>
    internal sealed class PixelOutput
    {
        [ColumnName(PixelsColumn)]
        public VBuffer<byte> Pixels { get; set; }
    }
}
