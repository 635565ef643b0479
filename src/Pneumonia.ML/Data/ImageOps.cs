using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Pneumonia.ML.Data;

/// <summary>
/// Image changes on float batches (N×3×H×W in [0, 1]), each with one value per image (a length-N tensor): the
/// building blocks of training augmentation and of the robustness benchmark's shifts. Results are clamped to [0, 1].
/// </summary>
internal static class ImageOps
{
    /// <summary>Scales each image's deviation from its own mean brightness by <paramref name="factor"/>.</summary>
    public static Tensor Contrast(Tensor images, Tensor factor)
    {
        Tensor mean = images.mean([1, 2, 3], keepdim: true);
        return ((images - mean) * PerImage(factor) + mean).clamp(0, 1);
    }

    /// <summary>Adds <paramref name="offset"/> to every pixel.</summary>
    public static Tensor Brightness(Tensor images, Tensor offset) => (images + PerImage(offset)).clamp(0, 1);

    /// <summary>Raises every pixel to the power <paramref name="gamma"/> (above 1 darkens mid-tones).</summary>
    public static Tensor Gamma(Tensor images, Tensor gamma) => images.clamp(1e-6, 1).pow(PerImage(gamma));

    /// <summary>Adds Gaussian noise of standard deviation <paramref name="sigma"/>.</summary>
    public static Tensor Noise(Tensor images, Tensor sigma, Generator? generator) =>
        (images + randn(images.shape, generator: generator) * PerImage(sigma)).clamp(0, 1);

    /// <summary>Gaussian blur of standard deviation <paramref name="sigma"/> pixels (one value for the batch).</summary>
    public static Tensor Blur(Tensor images, double sigma)
    {
        if (sigma <= 0) return images.alias();
        int radius = Math.Max(1, (int)Math.Ceiling(3 * sigma));
        Tensor offsets = arange(-radius, radius + 1, dtype: ScalarType.Float32);
        Tensor kernel = (-(offsets * offsets) / (2 * sigma * sigma)).exp();
        kernel = kernel / kernel.sum();
        long channels = images.shape[1];
        Tensor horizontal = kernel.view(1, 1, 1, -1).expand(channels, 1, 1, -1);
        Tensor vertical = kernel.view(1, 1, -1, 1).expand(channels, 1, -1, 1);
        Tensor padded = F.pad(images, [radius, radius, radius, radius], PaddingModes.Reflect);
        Tensor x = F.conv2d(padded, horizontal, groups: channels);
        return F.conv2d(x, vertical, groups: channels).clamp(0, 1);
    }

    /// <summary>Shrinks to <paramref name="size"/> pixels and back (lost resolution).</summary>
    public static Tensor Downscale(Tensor images, long size)
    {
        long original = images.shape[2];
        Tensor small = F.interpolate(images, [size, size], mode: InterpolationMode.Bilinear, align_corners: false, antialias: true);
        return F.interpolate(small, [original, original], mode: InterpolationMode.Bilinear, align_corners: false).clamp(0, 1);
    }

    /// <summary>
    /// Rotates by <paramref name="degrees"/>, zooms by <paramref name="scale"/> (above 1 enlarges) and shifts by
    /// (<paramref name="shiftX"/>, <paramref name="shiftY"/>) in fractions of the image side; edges repeat the border.
    /// </summary>
    public static Tensor Affine(Tensor images, Tensor degrees, Tensor scale, Tensor shiftX, Tensor shiftY)
    {
        Tensor radians = degrees * (Math.PI / 180);
        Tensor inverse = 1 / scale;
        Tensor cos = radians.cos() * inverse, sin = radians.sin() * inverse;
        // affine_grid maps output coordinates to input coordinates in [-1, 1]: a shift of f of the side is 2f.
        Tensor theta = stack([cos, -sin, -2 * shiftX, sin, cos, -2 * shiftY], dim: 1).view(-1, 2, 3);
        Tensor grid = F.affine_grid(theta, images.shape, align_corners: false);
        return F.grid_sample(images, grid, GridSampleMode.Bilinear, GridSamplePaddingMode.Border, align_corners: false);
    }

    private static Tensor PerImage(Tensor values) => values.view(-1, 1, 1, 1);
}
