using System.Runtime.InteropServices;

namespace Pneumonia.ML.IO;

/// <summary>
/// Reads the files users name (images, model files, checkpoints) safely: what is not a regular file (a folder, a named
/// pipe, a device such as <c>/dev/zero</c>, a socket) is refused from its status, before it is opened, so that nothing
/// blocks on a pipe or reads an endless device; the size is checked from the file's length before reading, and the
/// read stops at the cap even if the file grows meanwhile. Failures become the caller's typed exception.
/// </summary>
internal static class BoundedFile
{
    /// <summary>Makes the caller's exception (InvalidImageException, InvalidModelFileException, …) from a reason.</summary>
    public delegate Exception Refusal(string reason, Exception? innerException);

    /// <summary>
    /// Why <paramref name="path"/> cannot be read as a file, from its status (symbolic links followed), without
    /// opening it; null for a regular file. Off Unix only folders and missing files are told apart.
    /// </summary>
    public static string? Problem(string path)
    {
        if (!OperatingSystem.IsWindows() && FileType(path) is { } type)
        {
            return type switch
            {
                Regular => null,
                Missing => "the file does not exist.",
                Directory => "it is a folder, not a file.",
                Fifo => "it is a named pipe (FIFO), not a regular file.",
                CharacterDevice or BlockDevice => "it is a device, not a regular file.",
                Socket => "it is a socket, not a regular file.",
                _ => "it is not a regular file.",
            };
        }
        if (System.IO.Directory.Exists(path)) return "it is a folder, not a file.";
        return File.Exists(path) ? null : "the file does not exist.";
    }

    /// <summary>Opens a regular file for reading after checking its kind and length.</summary>
    /// <param name="path">The file.</param>
    /// <param name="maxBytes">The largest length accepted.</param>
    /// <param name="refuse">Makes the exception for a refused file.</param>
    /// <param name="what">What the file is, for the size message ("a model file", "an image").</param>
    public static FileStream Open(string path, long maxBytes, Refusal refuse, string what)
    {
        if (Problem(path) is { } problem) throw refuse(problem, null);
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw refuse(e is FileNotFoundException or DirectoryNotFoundException
                ? "the file does not exist." : $"it cannot be read ({e.Message.TrimEnd('.')}).", e);
        }
        long length = stream.Length;
        if (length > maxBytes)
        {
            stream.Dispose();
            throw refuse(TooLarge(length, maxBytes, what), null);
        }
        return stream;
    }

    /// <summary>Reads a regular file whole, refusing it unread when its length is over <paramref name="maxBytes"/>.</summary>
    public static byte[] Read(string path, long maxBytes, Refusal refuse, string what)
    {
        using FileStream stream = Open(path, maxBytes, refuse, what);
        return ReadRest(stream, maxBytes, refuse, what);
    }

    /// <summary>Reads what is left of <paramref name="stream"/>, at most <paramref name="maxBytes"/> bytes in all.</summary>
    /// <exception cref="Exception">From <paramref name="refuse"/>: the stream holds more than <paramref name="maxBytes"/> bytes, or cannot be read.</exception>
    public static byte[] ReadRest(Stream stream, long maxBytes, Refusal refuse, string what)
    {
        try
        {
            if (stream.CanSeek)
            {
                long remaining = stream.Length - stream.Position;
                if (remaining > maxBytes) throw refuse(TooLarge(remaining, maxBytes, what), null);
                byte[] bytes = new byte[remaining];
                int filled = 0, count;
                while (filled < bytes.Length && (count = stream.Read(bytes, filled, bytes.Length - filled)) > 0) filled += count;
                if (filled < bytes.Length || stream.ReadByte() >= 0)
                    throw refuse("it changed while it was being read.", null);
                return bytes;
            }
            using var copy = new MemoryStream();
            byte[] buffer = new byte[81920];
            int read;
            while ((read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, maxBytes + 1 - copy.Length))) > 0)
            {
                copy.Write(buffer, 0, read);
                if (copy.Length > maxBytes) throw refuse(TooLarge(null, maxBytes, what), null);
            }
            return copy.ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw refuse($"it cannot be read ({e.Message.TrimEnd('.')}).", e);
        }
    }

    private static string TooLarge(long? length, long maxBytes, string what) =>
        $"it is {(length is { } n ? $"{n:N0} bytes" : "larger than the limit")}; {what} may have at most {maxBytes:N0} bytes.";

    // File types as .NET's System.Native reports them (its own constants, the same on every Unix).
    private const int TypeMask = 0xF000, Fifo = 0x1000, CharacterDevice = 0x2000, Directory = 0x4000, BlockDevice = 0x6000,
        Regular = 0x8000, Socket = 0xC000, Missing = -1;

    /// <summary>The file type bits of <paramref name="path"/>'s status, <see cref="Missing"/> when it does not exist, null when unknown.</summary>
    private static int? FileType(string path)
    {
        // System.Native's FileStatus starts with two int32s, Flags then Mode; the rest is never read, and the buffer is larger than the struct.
        byte[] status = new byte[512];
        try
        {
            if (Stat(path, status) != 0) return Marshal.GetLastPInvokeError() is 2 or 20 ? Missing : null; // ENOENT, ENOTDIR
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
        return BitConverter.ToInt32(status, sizeof(int)) & TypeMask;
    }

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat", SetLastError = true)]
    private static extern int Stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, [Out] byte[] status);
}
