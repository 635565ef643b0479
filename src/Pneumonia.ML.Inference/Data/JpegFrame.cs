namespace Pneumonia.ML.Data;

/// <summary>
/// The least a JPEG must hold for the size its header claims. libjpeg fills the blocks after a premature end-of-image
/// marker with zeros and reports success, so a damaged file claiming 8,192 × 8,192 pixels would decode, 256 MB wide, to
/// a made-up picture. A Huffman-coded JPEG (baseline, extended or progressive) codes every 8 × 8 block's DC value with at
/// least one bit, so its data cannot be shorter than one bit per block of the claimed size: shorter files are refused.
/// </summary>
internal static class JpegFrame
{
    /// <summary>The fewest bytes a Huffman-coded JPEG of <paramref name="width"/> × <paramref name="height"/> can have; 0 when unknown (arithmetic coding).</summary>
    public static long MinimumBytes(ReadOnlySpan<byte> jpeg, int width, int height) =>
        IsHuffmanCoded(jpeg) ? ((width + 7L) / 8) * ((height + 7L) / 8) / 8 : 0;

    /// <summary>Whether the frame header before the first scan is SOF0, SOF1 or SOF2 (Huffman-coded).</summary>
    private static bool IsHuffmanCoded(ReadOnlySpan<byte> jpeg)
    {
        int i = 2; // after SOI
        while (i + 4 <= jpeg.Length && jpeg[i] == 0xFF)
        {
            byte marker = jpeg[i + 1];
            if (marker == 0xFF) { i++; continue; } // fill byte
            if (marker is >= 0xD0 and <= 0xD9 or 0x01) { i += 2; continue; } // markers without a length
            if (marker is 0xC0 or 0xC1 or 0xC2) return true;
            if (marker == 0xDA || marker is >= 0xC3 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC) return false;
            i += 2 + ((jpeg[i + 2] << 8) | jpeg[i + 3]);
        }
        return false;
    }
}
