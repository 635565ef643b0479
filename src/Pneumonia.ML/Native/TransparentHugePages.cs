using System.Runtime.InteropServices;

namespace Pneumonia.ML.Native;

/// <summary>
/// Asks libtorch to back its large CPU tensors with transparent huge pages (<c>THP_MEM_ALLOC_ENABLE=1</c>).
/// </summary>
/// <remarks>
/// libtorch (c10's <c>alloc_cpu</c>) then aligns every allocation of 2 MB or more to 2 MB and marks it
/// <c>MADV_HUGEPAGE</c>, so touching a fresh 100 MB activation costs 50 page faults instead of 25,600. It reads the
/// variable once, at its first allocation, from the native environment, hence <c>setenv</c> before libtorch loads.
/// Linux only, and only where the kernel's transparent huge pages are <c>madvise</c> or <c>always</c> (the common
/// defaults). An existing value is left alone: <c>THP_MEM_ALLOC_ENABLE=0</c> in the environment opts out. Measured:
/// bench/README.md ("Allocation").
/// </remarks>
internal static class TransparentHugePages
{
    public const string Variable = "THP_MEM_ALLOC_ENABLE";

    public static void EnableForLibtorch()
    {
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            setenv(Variable, "1", overwrite: 0);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // No C library to ask: libtorch keeps its ordinary pages.
        }
    }

    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int setenv([MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, int overwrite);
}
