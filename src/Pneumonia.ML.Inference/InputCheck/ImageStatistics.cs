namespace Pneumonia.ML.InputCheck;

/// <summary>
/// Cheap checks on one image that need no network: a blank or nearly uniform picture, a tiny original, a colour
/// picture, inverted grey levels, a chest turned by 90°. They read the decoded, resized bytes (3 × S × S, channel-major
/// RGB) and the file's original size, and hold fixed limits chosen far from anything a radiograph gives (chest X-rays
/// spread their grey levels widely and are grey).
/// </summary>
/// <remarks>
/// The last two read the layout of an upright frontal chest X-ray: at mid-height the mediastinum (spine and heart, in
/// the middle) is brighter than the lung fields on either side. <see cref="Polarity"/> is that difference in standard
/// deviations of the image; on the 5,216 training X-rays of the Kaggle set (at 96 px) it was at least −0.06 and its
/// 0.5th percentile 0.23, while inverted copies of them gave at most 0.06 (99th percentile −0.32). A chest turned by 90°
/// shows the layout in the other direction: on the same images, polarity minus the polarity of the image turned by 90°
/// was at least −0.06 (0.5th percentile 0.18), and a turned image gives the negative of that. Both limits are −0.1.
/// </remarks>
internal static class ImageStatistics
{
    /// <summary>Below this standard deviation of the grey level (0–255) an image is nearly uniform.</summary>
    public const double MinimumGreySpread = 8;

    /// <summary>Originals with a side shorter than this (pixels) are too small to be a radiograph.</summary>
    public const int MinimumSide = 64;

    /// <summary>Above this mean chroma (max − min of R, G, B, 0–255) an image is in colour.</summary>
    public const double MaximumMeanChroma = 12;

    /// <summary>Below this <see cref="Polarity"/> the grey levels look inverted.</summary>
    public const double MinimumPolarity = -0.1;

    /// <summary>Below this difference between the polarity and the polarity turned by 90°, the chest looks turned.</summary>
    public const double MinimumUprightMargin = -0.1;

    /// <summary>Why the image is unusual, or null when it passes every check.</summary>
    /// <param name="pixels">Decoded image, 3 × S × S bytes.</param>
    /// <param name="width">Width of the original, or 0 when unknown.</param>
    /// <param name="height">Height of the original, or 0 when unknown.</param>
    public static string? Check(byte[] pixels, int width, int height)
    {
        if (width > 0 && height > 0 && Math.Min(width, height) < MinimumSide)
            return $"the image is {width} × {height} pixels, too small to be a radiograph (under {MinimumSide} pixels a side).";
        int plane = pixels.Length / 3;
        double sum = 0, sumOfSquares = 0, chroma = 0;
        for (int i = 0; i < plane; i++)
        {
            int r = pixels[i], g = pixels[plane + i], b = pixels[2 * plane + i];
            double grey = (r + g + b) / 3.0;
            sum += grey;
            sumOfSquares += grey * grey;
            chroma += Math.Max(r, Math.Max(g, b)) - Math.Min(r, Math.Min(g, b));
        }
        double mean = sum / plane;
        double spread = Math.Sqrt(Math.Max(0, sumOfSquares / plane - mean * mean));
        if (spread < MinimumGreySpread)
            return $"the image is nearly uniform (grey-level spread {spread:0.0} of 255, under {MinimumGreySpread:0}): blank, not a radiograph.";
        if (chroma / plane > MaximumMeanChroma)
            return $"the image is in colour (mean chroma {chroma / plane:0.0} of 255, over {MaximumMeanChroma:0}); radiographs are grey.";
        int side = (int)Math.Round(Math.Sqrt(plane));
        if (side * side != plane) return null;
        (double polarity, double turned) = Polarity(pixels, side, spread);
        if (polarity < MinimumPolarity)
            return $"the middle of the chest is darker than the lung fields (polarity {polarity:0.00}): the grey levels look inverted, or this is not a frontal chest X-ray.";
        if (polarity - turned < MinimumUprightMargin)
            return $"the image looks turned by 90° (its layout matches an upright chest X-ray better when turned: polarity {polarity:0.00} against {turned:0.00}).";
        return null;
    }

    /// <summary>
    /// How much brighter the middle is than the lung fields at mid-height (rows 35–65%: columns 42–58% against 15–35%
    /// and 65–85%), in standard deviations of the image; and the same for the image turned by 90°.
    /// </summary>
    internal static (double Polarity, double Turned) Polarity(byte[] pixels, int side, double spread)
    {
        double Grey(int row, int column)
        {
            int i = row * side + column;
            return (pixels[i] + pixels[side * side + i] + pixels[2 * side * side + i]) / 3.0;
        }

        double Box(double r0, double r1, double c0, double c1, bool turned)
        {
            double sum = 0;
            int count = 0;
            for (int a = (int)(r0 * side); a < (int)(r1 * side); a++)
                for (int b = (int)(c0 * side); b < (int)(c1 * side); b++, count++)
                    sum += turned ? Grey(b, a) : Grey(a, b);
            return count == 0 ? 0 : sum / count;
        }

        double Of(bool turned) =>
            (Box(0.35, 0.65, 0.42, 0.58, turned) - (Box(0.35, 0.65, 0.15, 0.35, turned) + Box(0.35, 0.65, 0.65, 0.85, turned)) / 2) / spread;

        return (Of(false), Of(true));
    }
}
