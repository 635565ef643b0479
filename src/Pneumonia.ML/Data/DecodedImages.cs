namespace Pneumonia.ML.Data;

/// <summary>
/// Images decoded and resized once, kept in memory as bytes (channel-major RGB, 0–255): four times smaller than
/// floats, and scaled to [0, 1] only when a batch is made.
/// </summary>
internal sealed class DecodedImages
{
    public DecodedImages(IReadOnlyList<ImageRecord> records, byte[][] pixels, int imageSize)
    {
        Records = records;
        Pixels = pixels;
        ImageSize = imageSize;
    }

    public IReadOnlyList<ImageRecord> Records { get; }

    /// <summary>One array of 3 × size × size bytes per image.</summary>
    public byte[][] Pixels { get; }

    public int ImageSize { get; }

    public int Count => Pixels.Length;
}
