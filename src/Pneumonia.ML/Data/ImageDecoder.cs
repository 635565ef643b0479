using Microsoft.ML.Data;
using SkiaSharp;

namespace Pneumonia.ML.Data;

/// <summary>
/// Turns JPEG or PNG bytes into an ML.NET <see cref="MLImage"/> (BGRA, 8 bits), refusing what cannot be a usable
/// X-ray before any large allocation. Reads the header first: unknown formats and images over
/// <see cref="MaxPixels"/> pixels are refused there. Applies the EXIF orientation; composites transparency onto
/// black; 16-bit, grayscale, palette and CMYK files come out as ordinary 8-bit colour. A truncated file is refused.
/// </summary>
internal static class ImageDecoder
{
    /// <summary>The largest image accepted: 64 megapixels (8,192 × 8,192).</summary>
    public const long MaxPixels = 64L * 1024 * 1024;

    public static MLImage Decode(byte[] bytes, string source)
    {
        if (bytes.Length == 0) throw new InvalidImageException(source, "it is empty (0 bytes).");

        using var data = SKData.CreateCopy(bytes);
        using SKCodec? codec = SKCodec.Create(data);
        if (codec is null || codec.EncodedFormat is not (SKEncodedImageFormat.Jpeg or SKEncodedImageFormat.Png))
            throw new InvalidImageException(source, "it is not a JPEG or PNG image.");

        SKImageInfo header = codec.Info;
        if (header.Width < 1 || header.Height < 1)
            throw new InvalidImageException(source, $"its header gives an impossible size ({header.Width} × {header.Height}).");
        if ((long)header.Width * header.Height > MaxPixels)
            throw new InvalidImageException(source,
                $"it claims {header.Width:N0} × {header.Height:N0} pixels, over the limit of {MaxPixels:N0} pixels.");

        var info = new SKImageInfo(header.Width, header.Height, SKColorType.Bgra8888, SKAlphaType.Premul);
        using var bitmap = new SKBitmap(info);
        SKCodecResult result = codec.GetPixels(info, bitmap.GetPixels());
        if (result == SKCodecResult.IncompleteInput)
            throw new InvalidImageException(source, "the file is truncated (the image data ends early).");
        if (result != SKCodecResult.Success)
            throw new InvalidImageException(source, $"its image data cannot be decoded ({result}).");

        using SKBitmap upright = Orient(bitmap, codec.EncodedOrigin);
        return MLImage.CreateFromPixels(upright.Width, upright.Height, MLPixelFormat.Bgra32, upright.GetPixelSpan());
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
