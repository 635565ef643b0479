using System.Security.Cryptography;

namespace Pneumonia.ML.Persistence;

/// <summary>
/// The container behind model and checkpoint files:
/// <code>
/// magic (8 ASCII bytes) | format version (int32) | section count (int32)
/// | for each section: length (int64), bytes | SHA-256 of everything before (32 bytes)
/// </code>
/// Written to a temporary file in the same folder, flushed to disk, then renamed over the target: an existing file
/// is replaced whole or not at all.
/// </summary>
internal static class ChecksummedFile
{
    private const int HashLength = 32;

    public static void Write(string path, string magic, int version, IReadOnlyList<byte[]> sections) =>
        AtomicFile.Write(path, file => Write(file, magic, version, sections));

    /// <summary>Writes the container to a stream the caller owns (not atomic: the caller decides where the bytes go).</summary>
    public static void Write(Stream file, string magic, int version, IReadOnlyList<byte[]> sections)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Put(ReadOnlySpan<byte> bytes)
        {
            file.Write(bytes);
            hash.AppendData(bytes);
        }
        Put(MagicBytes(magic));
        Put(BitConverter.GetBytes(version));
        Put(BitConverter.GetBytes(sections.Count));
        foreach (byte[] section in sections)
        {
            Put(BitConverter.GetBytes((long)section.Length));
            Put(section);
        }
        file.Write(hash.GetHashAndReset());
    }

    /// <returns>The file's format version and sections.</returns>
    /// <exception cref="InvalidModelFileException">Missing, another format, a newer version, damaged or truncated.</exception>
    public static (int Version, byte[][] Sections) Read(string path, string magic, int newestVersion, string kind)
    {
        string fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath)) throw new InvalidModelFileException(fullPath, "the file does not exist.");
        return Read(File.ReadAllBytes(fullPath), fullPath, magic, newestVersion, kind);
    }

    /// <param name="bytes">The whole file.</param>
    /// <param name="fullPath">What to call it in errors.</param>
    /// <param name="magic">The expected magic.</param>
    /// <param name="newestVersion">The newest format version this build reads.</param>
    /// <param name="kind">"model" or "checkpoint", for errors.</param>
    public static (int Version, byte[][] Sections) Read(byte[] bytes, string fullPath, string magic, int newestVersion, string kind)
    {
        byte[] expectedMagic = MagicBytes(magic);
        int headerLength = expectedMagic.Length + 2 * sizeof(int);
        if (bytes.Length < headerLength + HashLength || !bytes.AsSpan(0, expectedMagic.Length).SequenceEqual(expectedMagic))
            throw new InvalidModelFileException(fullPath, $"it is not a Pneumonia.ML {kind} file.");

        int version = BitConverter.ToInt32(bytes, expectedMagic.Length);
        if (version > newestVersion)
            throw new InvalidModelFileException(fullPath,
                $"it was written in format version {version}, and this version of Pneumonia.ML reads up to {newestVersion}. Upgrade the Pneumonia.ML package.");
        if (version < 1) throw new InvalidModelFileException(fullPath, $"its format version {version} is not valid.");

        int bodyLength = bytes.Length - HashLength;
        if (!SHA256.HashData(bytes.AsSpan(0, bodyLength)).AsSpan().SequenceEqual(bytes.AsSpan(bodyLength)))
            throw new InvalidModelFileException(fullPath, "its checksum does not match: the file is truncated or damaged.");

        int count = BitConverter.ToInt32(bytes, expectedMagic.Length + sizeof(int));
        var sections = new List<byte[]>();
        long at = headerLength;
        for (int i = 0; i < count; i++)
        {
            if (at + sizeof(long) > bodyLength) throw new InvalidModelFileException(fullPath, "its sections are inconsistent.");
            long length = BitConverter.ToInt64(bytes, (int)at);
            at += sizeof(long);
            if (length < 0 || at + length > bodyLength) throw new InvalidModelFileException(fullPath, "its sections are inconsistent.");
            sections.Add(bytes.AsSpan((int)at, (int)length).ToArray());
            at += length;
        }
        if (count < 0 || at != bodyLength) throw new InvalidModelFileException(fullPath, "its sections are inconsistent.");
        return (version, sections.ToArray());
    }

    private static byte[] MagicBytes(string magic) => System.Text.Encoding.ASCII.GetBytes(magic);
}
