namespace Pneumonia.ML.InputCheck;

/// <summary>
/// Cheap checks on one image that need no network: a blank or nearly uniform picture, a tiny original, a colour
/// picture. They read the decoded, resized bytes (3 × S × S, channel-major RGB) and the file's original size, and hold
/// fixed limits chosen far from anything a radiograph gives (chest X-rays spread their grey levels widely and are grey).
/// </summary>
internal static class ImageStatistics
{
    /// <summary>Below this standard deviation of the grey level (0–255) an image is nearly uniform.</summary>
    public const double MinimumGreySpread = 8;

    /// <summary>Originals with a side shorter than this (pixels) are too small to be a radiograph.</summary>
    public const int MinimumSide = 64;

    /// <summary>Above this mean chroma (max − min of R, G, B, 0–255) an image is in colour.</summary>
    public const double MaximumMeanChroma = 12;

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
        return null;
    }
}
