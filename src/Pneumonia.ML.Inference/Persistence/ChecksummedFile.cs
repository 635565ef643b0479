using System.Security.Cryptography;
using Pneumonia.ML.IO;

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

    /// <summary>
    /// The largest model or checkpoint file read: 1.5 GiB (an ensemble of the most networks a file may hold, of the
    /// largest architecture, in float32, is about 1.3 GB).
    /// </summary>
    public const long MaxFileBytes = 1536L * 1024 * 1024;

    /// <returns>The file's format version and sections.</returns>
    /// <exception cref="InvalidModelFileException">Missing, not a regular file, too large, another format, a newer version, damaged or truncated.</exception>
    public static (int Version, byte[][] Sections) Read(string path, string magic, int newestVersion, string kind)
    {
        string fullPath = Path.GetFullPath(path);
        return Read(ReadFile(fullPath, magic, newestVersion, kind), fullPath, magic, newestVersion, kind);
    }

    /// <summary>
    /// Reads a whole model or checkpoint file, safely: a folder, pipe or device is refused before it is opened, a file
    /// over <see cref="MaxFileBytes"/> from its length, and a file of another format or a newer version from its first
    /// bytes, before the rest is read. The checksum is checked later, by <see cref="Read(byte[], string, string, int, string)"/>.
    /// </summary>
    /// <param name="fullPath">The file, as a full path.</param>
    /// <param name="magic">The expected magic.</param>
    /// <param name="newestVersion">The newest format version this build reads.</param>
    /// <param name="kind">"model" or "checkpoint", for errors.</param>
    /// <exception cref="InvalidModelFileException">The file is refused; the exception names it and says why.</exception>
    public static byte[] ReadFile(string fullPath, string magic, int newestVersion, string kind)
    {
        BoundedFile.Refusal refuse = (reason, inner) => new InvalidModelFileException(fullPath, reason, inner);
        using FileStream stream = BoundedFile.Open(fullPath, MaxFileBytes, refuse, $"a {kind} file");
        byte[] head = new byte[Math.Min(stream.Length, HeaderLength(magic))];
        try
        {
            stream.ReadExactly(head);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw refuse($"it cannot be read ({e.Message.TrimEnd('.')}).", e);
        }
        CheckHeader(head, stream.Length, fullPath, magic, newestVersion, kind);
        stream.Position = 0;
        return BoundedFile.ReadRest(stream, MaxFileBytes, refuse, $"a {kind} file");
    }

    /// <param name="bytes">The whole file.</param>
    /// <param name="fullPath">What to call it in errors.</param>
    /// <param name="magic">The expected magic.</param>
    /// <param name="newestVersion">The newest format version this build reads.</param>
    /// <param name="kind">"model" or "checkpoint", for errors.</param>
    public static (int Version, byte[][] Sections) Read(byte[] bytes, string fullPath, string magic, int newestVersion, string kind)
    {
        byte[] expectedMagic = MagicBytes(magic);
        int headerLength = HeaderLength(magic);
        int version = CheckHeader(bytes, bytes.Length, fullPath, magic, newestVersion, kind);

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

    private static int HeaderLength(string magic) => MagicBytes(magic).Length + 2 * sizeof(int);

    /// <summary>Checks the magic and the format version at the start of a file of <paramref name="fileLength"/> bytes.</summary>
    /// <returns>The format version.</returns>
    private static int CheckHeader(ReadOnlySpan<byte> head, long fileLength, string fullPath, string magic, int newestVersion, string kind)
    {
        byte[] expectedMagic = MagicBytes(magic);
        if (fileLength < HeaderLength(magic) + HashLength || head.Length < HeaderLength(magic) || !head[..expectedMagic.Length].SequenceEqual(expectedMagic))
            throw new InvalidModelFileException(fullPath, $"it is not a Pneumonia.ML {kind} file.");
        int version = BitConverter.ToInt32(head[expectedMagic.Length..]);
        if (version > newestVersion)
            throw new InvalidModelFileException(fullPath,
                $"it was written in format version {version}, and this version of Pneumonia.ML reads up to {newestVersion}. Upgrade the Pneumonia.ML package.");
        if (version < 1) throw new InvalidModelFileException(fullPath, $"its format version {version} is not valid.");
        return version;
    }

    private static byte[] MagicBytes(string magic) => System.Text.Encoding.ASCII.GetBytes(magic);
}
