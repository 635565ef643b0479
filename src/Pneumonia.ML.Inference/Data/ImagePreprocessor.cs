using Pneumonia.ML.IO;
using SkiaSharp;

namespace Pneumonia.ML.Data;

/// <summary>
/// Image bytes → <see cref="ImageDecoder"/> (header checks, EXIF orientation, 8-bit BGRA) → resize, stretched to a
/// square like Keras' <c>flow_from_directory</c> → RGB, channel-major bytes. Grayscale and colour files both come out as
/// three channels. The resize and the extraction are exactly ML.NET's <c>ResizeImages</c> (<c>Fill</c>) and
/// <c>ExtractPixels</c> (SkiaSharp's <c>SKBitmap.Resize</c> without filtering, then the R, G and B planes), which the
/// models were trained with before this assembly left ML.NET out; <c>ImagePreprocessorTests</c> compares the two byte
/// for byte. Thread-safe.
/// </summary>
internal sealed class ImagePreprocessor
{
    /// <param name="imageSize">Side images are resized to.</param>
    /// <param name="maxPixels">The pixel budget: larger images are refused from their header; files over
    /// <see cref="ImageDecoder.MaxFileBytes"/> of it are refused from their length, unread.</param>
    public ImagePreprocessor(int imageSize, long maxPixels = ImageDecoder.DefaultMaxPixels)
    {
        ImageSize = imageSize;
        MaxPixels = maxPixels;
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
        using SKBitmap image = ImageDecoder.Decode(bytes, source, MaxPixels);
        return DecodeWithSize(image, source);
    }

    /// <summary>Resizes a decoded image (BGRA or RGBA, 8 bits) and extracts its pixels, also giving its width and height before resizing.</summary>
    /// <param name="image">The image; the caller keeps it.</param>
    /// <param name="source">What to call the image in an error message.</param>
    public (byte[] Pixels, (int Width, int Height) Size) DecodeWithSize(SKBitmap image, string source)
    {
        if (image.Width < 1 || image.Height < 1)
            throw new InvalidImageException(source, $"it has an impossible size ({image.Width} × {image.Height}).");
        if (image.ColorType is not (SKColorType.Bgra8888 or SKColorType.Rgba8888))
            throw new InvalidImageException(source, $"its pixels are {image.ColorType}, not 8-bit BGRA or RGBA.");
        (int Width, int Height) size = (image.Width, image.Height);
        // ML.NET's ResizeImages (Fill) is this call: SkiaSharp's nearest-neighbour resize (MLImage.CloneWithResizing).
        using SKBitmap resized = image.Width == ImageSize && image.Height == ImageSize ? image.Copy()
            : image.Resize(new SKSizeI(ImageSize, ImageSize), SKFilterQuality.None)
              ?? throw new InvalidImageException(source, "it cannot be resized.");
        return (Planes(resized), size);
    }

    /// <summary>The R, G and B planes of a resized image, as ML.NET's ExtractPixels gives them (bytes, not interleaved).</summary>
    private byte[] Planes(SKBitmap resized)
    {
        ReadOnlySpan<byte> bgra = resized.GetPixelSpan();
        int plane = ImageSize * ImageSize, rowBytes = resized.RowBytes;
        bool rgba = resized.ColorType == SKColorType.Rgba8888;
        int red = rgba ? 0 : 2, blue = rgba ? 2 : 0;
        byte[] result = new byte[PixelCount];
        for (int y = 0; y < ImageSize; y++)
        {
            ReadOnlySpan<byte> row = bgra.Slice(y * rowBytes, 4 * ImageSize);
            for (int x = 0, at = y * ImageSize; x < ImageSize; x++, at++)
            {
                result[at] = row[4 * x + red];
                result[plane + at] = row[4 * x + 1];
                result[2 * plane + at] = row[4 * x + blue];
            }
        }
        return result;
    }
}
