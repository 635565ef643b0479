using Microsoft.ML.Data;
using Pneumonia.ML.Data;
using SkiaSharp;

namespace Pneumonia.ML.MLNet;

/// <summary>
/// Feeds an image ML.NET has already decoded (an <c>LoadImages</c> column) to <see cref="ImagePreprocessor"/>: its BGRA or
/// RGBA pixels become a SkiaSharp bitmap (as <see cref="MLImage"/> holds them), which is resized and extracted exactly
/// as ML.NET's <c>ResizeImages</c> and <c>ExtractPixels</c> would.
/// </summary>
internal static class MLImagePixels
{
    /// <summary>Resizes an ML.NET image and extracts its pixels, also giving its width and height before resizing.</summary>
    /// <param name="preprocessor">The classifier's preprocessor.</param>
    /// <param name="image">The image; the caller keeps it.</param>
    /// <param name="source">What to call the image in an error message.</param>
    public static (byte[] Pixels, (int Width, int Height) Size) DecodeMLImageWithSize(this ImagePreprocessor preprocessor, MLImage image, string source)
    {
        if (image.Width < 1 || image.Height < 1)
            throw new InvalidImageException(source, $"it has an impossible size ({image.Width} × {image.Height}).");
        SKColorType colorType = image.PixelFormat switch
        {
            MLPixelFormat.Bgra32 => SKColorType.Bgra8888,
            MLPixelFormat.Rgba32 => SKColorType.Rgba8888,
            _ => throw new InvalidImageException(source, $"its pixel format {image.PixelFormat} is not BGRA or RGBA."),
        };
        using var bitmap = new SKBitmap(new SKImageInfo(image.Width, image.Height, colorType));
        System.Runtime.InteropServices.Marshal.Copy(image.Pixels.ToArray(), 0, bitmap.GetPixels(), 4 * image.Width * image.Height);
        return preprocessor.DecodeWithSize(bitmap, source);
    }

    /// <summary>Resizes an ML.NET image and extracts its pixels.</summary>
    public static byte[] DecodeMLImage(this ImagePreprocessor preprocessor, MLImage image, string source) =>
        preprocessor.DecodeMLImageWithSize(image, source).Pixels;
}
