namespace Pneumonia.ML.Data;

/// <summary>
/// Images decoded and resized once, kept in memory as bytes (channel-major RGB, 0–255): four times smaller than
/// floats, and scaled to [0, 1] only when a batch is made.
/// </summary>
internal sealed class DecodedImages
{
    /// <param name="records">The files.</param>
    /// <param name="pixels">One array of 3 × size × size bytes per image.</param>
    /// <param name="imageSize">The side the images were resized to.</param>
    /// <param name="originalSizes">Each file's width and height before resizing; null when unknown.</param>
    public DecodedImages(IReadOnlyList<ImageRecord> records, byte[][] pixels, int imageSize, (int Width, int Height)[]? originalSizes = null)
    {
        Records = records;
        Pixels = pixels;
        ImageSize = imageSize;
        OriginalSizes = originalSizes;
    }

    /// <summary>Each file's width and height before resizing (the input check refuses tiny originals); null when unknown.</summary>
    public (int Width, int Height)[]? OriginalSizes { get; }

    public IReadOnlyList<ImageRecord> Records { get; }

    /// <summary>One array of 3 × size × size bytes per image.</summary>
    public byte[][] Pixels { get; }

    public int ImageSize { get; }

    public int Count => Pixels.Length;
}
