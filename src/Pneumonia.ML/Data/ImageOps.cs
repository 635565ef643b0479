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

    /// <summary>
    /// Histogram equalisation of each image's brightness (its pixels' ranks spread evenly over [0, 1]), blended with the
    /// original by <paramref name="strength"/> (0 keeps the image, 1 equalises fully). The result is grey.
    /// </summary>
    public static Tensor Equalize(Tensor images, Tensor strength)
    {
        Tensor grey = images.mean([1], keepdim: true);                                // N×1×H×W
        Tensor flat = grey.flatten(1);
        // Each pixel's rank: the inverse of the sorting permutation, written by one scatter (a second argsort costs more).
        Tensor positions = arange(flat.shape[1], dtype: ScalarType.Float32).expand_as(flat);
        Tensor ranks = zeros_like(flat).scatter_(1, flat.argsort(dim: 1), positions) / Math.Max(1, flat.shape[1] - 1);
        Tensor equalized = ranks.view(grey.shape).expand_as(images);
        Tensor a = PerImage(strength);
        return ((1 - a) * images + a * equalized).clamp(0, 1);
    }

    /// <summary>
    /// Unsharp masking: adds <paramref name="amount"/> times the difference from a Gaussian blur of
    /// <paramref name="sigma"/> pixels. A small sigma sharpens edges; a large one (a tenth of the side) boosts local
    /// contrast the way CLAHE-like processing does.
    /// </summary>
    public static Tensor Unsharp(Tensor images, double sigma, Tensor amount) =>
        (images + PerImage(amount) * (images - Blur(images, sigma))).clamp(0, 1);

    /// <summary>A display window: <paramref name="level"/> maps to mid-grey, and <paramref name="width"/> of the input range to the full output range.</summary>
    public static Tensor Window(Tensor images, Tensor level, Tensor width) =>
        ((images - PerImage(level)) / PerImage(width) + 0.5).clamp(0, 1);

    /// <summary>
    /// Collimation: the given fractions of the side at each edge are replaced by <paramref name="fill"/> (0 black, 1
    /// white), as where the beam was shuttered or the film cropped.
    /// </summary>
    public static Tensor Collimate(Tensor images, Tensor top, Tensor bottom, Tensor left, Tensor right, Tensor fill)
    {
        (Tensor rows, Tensor columns) = Coordinates(images);
        Tensor inside = rows.ge(PerImage(top)).logical_and(rows.lt(1 - PerImage(bottom)))
            .logical_and(columns.ge(PerImage(left))).logical_and(columns.lt(1 - PerImage(right)));
        return where(inside, images, PerImage(fill).expand_as(images));
    }

    /// <summary>
    /// A burned-in marker (a side letter, a label, a ruler): a filled box of <paramref name="value"/> whose top-left corner
    /// is at (<paramref name="x"/>, <paramref name="y"/>) and whose size is (<paramref name="width"/>, <paramref name="height"/>), in fractions of the side.
    /// </summary>
    public static Tensor Marker(Tensor images, Tensor x, Tensor y, Tensor width, Tensor height, Tensor value)
    {
        (Tensor rows, Tensor columns) = Coordinates(images);
        Tensor box = rows.ge(PerImage(y)).logical_and(rows.lt(PerImage(y + height)))
            .logical_and(columns.ge(PerImage(x))).logical_and(columns.lt(PerImage(x + width)));
        return where(box, PerImage(value).expand_as(images), images);
    }

    /// <summary>
    /// Another aspect ratio: the image shrinks to <paramref name="scaleX"/> × <paramref name="scaleY"/> of the side,
    /// centred, and the rest is black, as when a non-square film is padded to a square.
    /// </summary>
    public static Tensor Letterbox(Tensor images, Tensor scaleX, Tensor scaleY)
    {
        Tensor zero = zeros_like(scaleX);
        Tensor theta = stack([1 / scaleX, zero, zero, zero, 1 / scaleY, zero], dim: 1).view(-1, 2, 3);
        Tensor grid = F.affine_grid(theta, images.shape, align_corners: false);
        return F.grid_sample(images, grid, GridSampleMode.Bilinear, GridSamplePaddingMode.Zeros, align_corners: false);
    }

    /// <summary>
    /// JPEG's loss on the brightness, at <paramref name="quality"/> (1–100, per image; the IJG scale of libjpeg and
    /// SkiaSharp): each 8×8 block of pixels goes to its discrete cosine transform, every coefficient is rounded to a
    /// multiple of the standard luminance table scaled for that quality, and the block comes back. Blocks that do not
    /// fit at the right or bottom edge are padded by repeating the edge, as an encoder does. The result is grey.
    /// </summary>
    public static Tensor Compress(Tensor images, Tensor quality)
    {
        long n = images.shape[0], h = images.shape[2], w = images.shape[3];
        long paddedH = (h + 7) / 8 * 8, paddedW = (w + 7) / 8 * 8;
        Tensor grey = images.mean([1], keepdim: true) * 255 - 128;
        if (paddedH != h || paddedW != w) grey = F.pad(grey, [0, paddedW - w, 0, paddedH - h], PaddingModes.Replicate);
        // N×1×H×W → N×(H/8)×(W/8)×8×8: an 8×8 matrix per block.
        Tensor blocks = grey.view(n, paddedH / 8, 8, paddedW / 8, 8).permute(0, 1, 3, 2, 4);
        Tensor dct = CosineTransform8();
        Tensor step = QuantizationSteps(quality).view(n, 1, 1, 8, 8);
        Tensor coefficients = dct.matmul(blocks).matmul(dct.t());
        Tensor rounded = (coefficients / step).round() * step;
        Tensor restored = dct.t().matmul(rounded).matmul(dct).permute(0, 1, 3, 2, 4).reshape(n, 1, paddedH, paddedW);
        restored = restored[.., .., ..(int)h, ..(int)w];
        return ((restored + 128) / 255).clamp(0, 1).expand_as(images).contiguous();
    }

    /// <summary>The orthonormal 8-point DCT-II as a matrix: row k is frequency k.</summary>
    private static Tensor CosineTransform8()
    {
        var matrix = new float[64];
        for (int k = 0; k < 8; k++)
            for (int x = 0; x < 8; x++)
                matrix[k * 8 + x] = (float)((k == 0 ? Math.Sqrt(1 / 8.0) : Math.Sqrt(2 / 8.0)) * Math.Cos((2 * x + 1) * k * Math.PI / 16));
        return tensor(matrix).view(8, 8);
    }

    /// <summary>The luminance quantisation table of the JPEG standard (Annex K), scaled per image the way libjpeg does: N×64.</summary>
    private static Tensor QuantizationSteps(Tensor quality)
    {
        Tensor q = quality.clamp(1, 100);
        Tensor scale = where(q.lt(50), 5000 / q, 200 - 2 * q).view(-1, 1);
        return ((tensor(LuminanceTable).view(1, 64) * scale + 50) / 100).floor().clamp(1, 255);
    }

    private static readonly float[] LuminanceTable =
    [
        16, 11, 10, 16, 24, 40, 51, 61,
        12, 12, 14, 19, 26, 58, 60, 55,
        14, 13, 16, 24, 40, 57, 69, 56,
        14, 17, 22, 29, 51, 87, 80, 62,
        18, 22, 37, 56, 68, 109, 103, 77,
        24, 35, 55, 64, 81, 104, 113, 92,
        49, 64, 78, 87, 103, 121, 120, 101,
        72, 92, 95, 98, 112, 100, 103, 99,
    ];

    /// <summary>
    /// Crops away flat bands at the edges — rows or columns whose brightness varies by at most
    /// <paramref name="tolerance"/> along their length, as padding, shutters and frames are — and scales what is left
    /// back to the full side. At most <paramref name="maxShare"/> of the side goes from each edge; an image without such
    /// bands comes back unchanged.
    /// </summary>
    public static Tensor TrimFlatBorders(Tensor images, double tolerance = 2 / 255.0, double maxShare = 0.3)
    {
        long count = images.shape[0], h = images.shape[2], w = images.shape[3];
        Tensor grey = images.mean([1]);
        Tensor flatRows = (grey.amax(2) - grey.amin(2)).le(tolerance);
        Tensor flatColumns = (grey.amax(1) - grey.amin(1)).le(tolerance);
        long[] top = LeadingRun(flatRows, (long)(maxShare * h)), bottom = LeadingRun(flatRows.flip(1), (long)(maxShare * h));
        long[] left = LeadingRun(flatColumns, (long)(maxShare * w)), right = LeadingRun(flatColumns.flip(1), (long)(maxShare * w));
        var trimmed = new Tensor[count];
        for (long i = 0; i < count; i++)
        {
            Tensor image = images[i].unsqueeze(0);
            trimmed[i] = top[i] + bottom[i] + left[i] + right[i] == 0 ? image
                : F.interpolate(image.narrow(2, top[i], h - top[i] - bottom[i]).narrow(3, left[i], w - left[i] - right[i]), [h, w],
                    mode: InterpolationMode.Bilinear, align_corners: false).clamp(0, 1);
        }
        return cat(trimmed, 0);
    }

    /// <summary>Per row of <paramref name="flags"/> (N×L booleans), how many leading entries are true, at most <paramref name="limit"/>.</summary>
    private static long[] LeadingRun(Tensor flags, long limit) =>
        flags.to_type(ScalarType.Int64).cumprod(1).sum(1).clamp_max(limit).data<long>().ToArray();

    /// <summary>Each pixel's row and column centre as a fraction of the side: 1×1×H×1 and 1×1×1×W.</summary>
    private static (Tensor Rows, Tensor Columns) Coordinates(Tensor images)
    {
        long h = images.shape[2], w = images.shape[3];
        Tensor rows = ((arange(h, dtype: ScalarType.Float32) + 0.5f) / h).view(1, 1, -1, 1);
        Tensor columns = ((arange(w, dtype: ScalarType.Float32) + 0.5f) / w).view(1, 1, 1, -1);
        return (rows, columns);
    }

    private static Tensor PerImage(Tensor values) => values.view(-1, 1, 1, 1);
}
