using System.Runtime.InteropServices;

namespace Pneumonia.Testing;

/// <summary>Files that are not regular files, for hostile-input tests: named pipes, devices, folders.</summary>
internal static class SpecialFiles
{
    /// <summary>A character device that reads as endless zeros.</summary>
    public const string EndlessDevice = "/dev/zero";

    /// <summary>A new named pipe (FIFO) with no writer, in a new scratch folder: opening it to read would block forever.</summary>
    public static string NewFifo(string name)
    {
        string path = Path.Combine(ScratchFolders.New(), name);
        if (mkfifo(path, 0x180 /* 0600 */) != 0) throw new IOException($"mkfifo {path} failed: errno {Marshal.GetLastPInvokeError()}");
        return path;
    }

    /// <summary>A sparse file of <paramref name="length"/> bytes starting with <paramref name="head"/> (takes no disk space).</summary>
    public static string NewSparseFile(string name, long length, byte[]? head = null)
    {
        string path = Path.Combine(ScratchFolders.New(), name);
        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        if (head is not null) file.Write(head);
        file.SetLength(length);
        return path;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int mkfifo([MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint mode);
}
