using SkiaSharp;

namespace Pneumonia.ML.Data;

/// <summary>
/// Turns JPEG or PNG bytes into an upright SkiaSharp bitmap (BGRA, 8 bits, premultiplied), refusing what cannot be a usable
/// X-ray before any large allocation. Reads the header first: unknown formats and images over the pixel budget are
/// refused there. Applies the EXIF orientation; composites transparency onto black; 16-bit, grayscale, palette and
/// CMYK files come out as ordinary 8-bit colour. Data that ends before the header's width × height are filled
/// (a truncated or damaged file) is refused, never scored: a PNG by the decoder, a JPEG by the decoder when its data
/// stops, and by <see cref="JpegFrame"/> when it is too short for its claimed size (libjpeg pads a scan that meets an
/// end-of-image marker early). Memory: about 8 bytes per pixel while one image decodes,
/// and the decodes of the whole process share <see cref="DecodeGate"/>'s budget.
/// </summary>
internal static class ImageDecoder
{
    /// <summary>The default pixel budget: 25 megapixels (5,000 × 5,000; the largest chest X-ray detectors give about 20).</summary>
    public const long DefaultMaxPixels = 25_000_000;

    /// <summary>The largest pixel budget the options accept: 64 megapixels (8,192 × 8,192).</summary>
    public const long MaxPixelsCeiling = 64L * 1024 * 1024;

    /// <summary>
    /// The largest image file read for a pixel budget: 4 bytes per pixel (an uncompressed 16-bit grayscale-with-alpha
    /// or 8-bit RGBA PNG) and 1 MiB of headers. 101 MB for the default budget.
    /// </summary>
    public static long MaxFileBytes(long maxPixels) => 4 * maxPixels + 1024 * 1024;

    /// <returns>The upright image; the caller disposes it.</returns>
    public static SKBitmap Decode(byte[] bytes, string source, long maxPixels = DefaultMaxPixels)
    {
        if (bytes.Length == 0) throw new InvalidImageException(source, "it is empty (0 bytes).");

        using var data = SKData.CreateCopy(bytes);
        using SKCodec? codec = SKCodec.Create(data);
        if (codec is null || codec.EncodedFormat is not (SKEncodedImageFormat.Jpeg or SKEncodedImageFormat.Png))
            throw new InvalidImageException(source, "it is not a JPEG or PNG image.");

        SKImageInfo header = codec.Info;
        if (header.Width < 1 || header.Height < 1)
            throw new InvalidImageException(source, $"its header gives an impossible size ({header.Width} × {header.Height}).");
        long pixels = (long)header.Width * header.Height;
        if (pixels > maxPixels)
            throw new InvalidImageException(source,
                $"it claims {header.Width:N0} × {header.Height:N0} pixels, over the limit of {maxPixels:N0} pixels.");

        if (codec.EncodedFormat == SKEncodedImageFormat.Jpeg && bytes.Length < JpegFrame.MinimumBytes(bytes, header.Width, header.Height))
            throw new InvalidImageException(source,
                $"the file is truncated: its {bytes.Length:N0} bytes cannot hold the {header.Width:N0} × {header.Height:N0} pixels its header claims.");

        using DecodeGate.Lease lease = DecodeGate.Enter(pixels);
        var info = new SKImageInfo(header.Width, header.Height, SKColorType.Bgra8888, SKAlphaType.Premul);
        var bitmap = new SKBitmap(info);
        try
        {
            SKCodecResult result = codec.GetPixels(info, bitmap.GetPixels());
            // IncompleteInput: the data ended before width × height pixels were filled (the codec filled the rest itself).
            if (result == SKCodecResult.IncompleteInput)
                throw new InvalidImageException(source,
                    $"the file is truncated: its data ends before the {header.Width:N0} × {header.Height:N0} pixels its header claims are filled.");
            if (result != SKCodecResult.Success)
                throw new InvalidImageException(source, $"its image data cannot be decoded ({result}).");
            if (codec.EncodedOrigin is SKEncodedOrigin.TopLeft) return bitmap;
            using (bitmap) return Orient(bitmap, codec.EncodedOrigin);
        }
        catch
        {
            bitmap.Dispose();
            throw;
        }
    }

    /// <summary>Applies an EXIF orientation, returning a new bitmap.</summary>
    private static SKBitmap Orient(SKBitmap bitmap, SKEncodedOrigin origin)
    {
        float w = bitmap.Width, h = bitmap.Height;
        // Where source pixel (x, y) lands: x' = a·x + b·y + c, y' = d·x + e·y + f.
        (float a, float b, float c, float d, float e, float f) = origin switch
        {
            SKEncodedOrigin.TopRight => (-1f, 0f, w, 0f, 1f, 0f),      // mirrored left–right
            SKEncodedOrigin.BottomRight => (-1f, 0f, w, 0f, -1f, h),   // rotated 180°
            SKEncodedOrigin.BottomLeft => (1f, 0f, 0f, 0f, -1f, h),    // mirrored top–bottom
            SKEncodedOrigin.LeftTop => (0f, 1f, 0f, 1f, 0f, 0f),       // transposed
            SKEncodedOrigin.RightTop => (0f, -1f, h, 1f, 0f, 0f),      // needs 90° clockwise
            SKEncodedOrigin.RightBottom => (0f, -1f, h, -1f, 0f, w),   // transversed
            SKEncodedOrigin.LeftBottom => (0f, 1f, 0f, -1f, 0f, w),    // needs 90° counter-clockwise
            _ => (1f, 0f, 0f, 0f, 1f, 0f),
        };
        bool swap = b != 0;
        var result = new SKBitmap(new SKImageInfo(swap ? bitmap.Height : bitmap.Width, swap ? bitmap.Width : bitmap.Height,
            SKColorType.Bgra8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(result);
        canvas.Clear(SKColors.Black);
        canvas.SetMatrix(new SKMatrix(a, b, c, d, e, f, 0, 0, 1));
        canvas.DrawBitmap(bitmap, 0, 0);
        return result;
    }
}
