using System.IO.Compression;

namespace Pneumonia.ML.Tests;

/// <summary>Hostile images made in memory: headers that claim more than their data holds.</summary>
internal static class CraftedImages
{
    /// <summary>A PNG whose header claims the given size, followed by a tiny, valid, compressed row of data.</summary>
    public static byte[] PngHeaderOnly(int width, int height)
    {
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        byte[] ihdr = new byte[13];
        BigEndian(width).CopyTo(ihdr, 0);
        BigEndian(height).CopyTo(ihdr, 4);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 0; // grayscale
        Chunk(png, "IHDR", ihdr);
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true)) zlib.Write(new byte[1 + 16]);
        Chunk(png, "IDAT", compressed.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        png.Write(BigEndian(data.Length));
        byte[] typeAndData = [.. System.Text.Encoding.ASCII.GetBytes(type), .. data];
        png.Write(typeAndData);
        png.Write(BigEndian((int)Crc32(typeAndData)));
    }

    private static byte[] BigEndian(int value) => [(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value];

    private static uint Crc32(byte[] data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
        }
        return ~crc;
    }

    /// <summary>
    /// A real JPEG whose frame header (SOF0/SOF2) is rewritten to claim <paramref name="width"/> × <paramref name="height"/>:
    /// its scan data then ends long before that many pixels are filled.
    /// </summary>
    public static byte[] JpegClaiming(byte[] jpeg, int width, int height)
    {
        byte[] bytes = (byte[])jpeg.Clone();
        for (int i = 2; i + 9 < bytes.Length;)
        {
            if (bytes[i] != 0xFF) throw new InvalidDataException("not a marker at " + i);
            byte marker = bytes[i + 1];
            int length = (bytes[i + 2] << 8) | bytes[i + 3];
            if (marker is 0xC0 or 0xC1 or 0xC2)
            {
                bytes[i + 5] = (byte)(height >> 8); bytes[i + 6] = (byte)height;
                bytes[i + 7] = (byte)(width >> 8); bytes[i + 8] = (byte)width;
                return bytes;
            }
            i += 2 + length;
        }
        throw new InvalidDataException("no frame header");
    }
}
