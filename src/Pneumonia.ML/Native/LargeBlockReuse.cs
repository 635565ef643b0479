using System.Runtime.InteropServices;

namespace Pneumonia.ML.Native;

/// <summary>
/// While a training runs, glibc's malloc keeps large freed blocks for reuse instead of giving them back to the kernel.
/// </summary>
/// <remarks>
/// <para>
/// By default glibc serves every allocation above its mmap threshold (at most 32 MB) with a fresh mmap and unmaps it on
/// free. A training step allocates and frees the same large activations (the article's network at 224 px and batch 32:
/// 100 MB per tensor in its first block) every step, so every step pays page faults and the kernel zeroing those pages:
/// on this project's 2-core VM that was a third of an ArticleCnn training step (bench/README.md). Here mmap is turned
/// off (<c>M_MMAP_MAX</c> 0) and the heap is not trimmed (<c>M_TRIM_THRESHOLD</c> 2 GB), so after the first step the
/// same memory is reused; the peak memory stays that of one step, but it is held until the training ends. One limit
/// of glibc: a thread other than the process's main one allocates from its own arena, whose heaps hold at most 64 MB,
/// so its larger blocks are still mapped afresh (bench/README.md, "Allocation", has both cases).
/// </para>
/// <para>
/// Process-wide, so it is reference-counted: the first training to start sets it, the last to end allows mmap again
/// and returns the free memory to the kernel (<c>malloc_trim</c>). Any <c>mallopt</c> call turns glibc's dynamic
/// thresholds off for good, so the last training leaves them where that dynamic rule ends up once large blocks have
/// been freed: mmap threshold 32 MB, trim threshold 64 MB. Nothing is changed off glibc (Windows, macOS, musl), nor when
/// the environment already sets malloc tunables (<c>GLIBC_TUNABLES</c> naming malloc, or <c>MALLOC_*_</c>
/// variables), nor with <c>PNEUMONIA_ML_MALLOC=default</c> in the environment (which turns it off for every call).
/// Users choose it per training (<see cref="PneumoniaTrainingOptions.ReuseLargeBlocks"/>) and per loaded classifier
/// (<see cref="PneumoniaInferenceOptions.ReuseLargeBlocks"/>).
/// </para>
/// </remarks>
internal sealed class LargeBlockReuse
{
    internal const int TrimThreshold = -1;   // M_TRIM_THRESHOLD
    internal const int MmapThreshold = -3;   // M_MMAP_THRESHOLD
    internal const int MmapMax = -4;         // M_MMAP_MAX
    internal const int DefaultMmapMax = 65536;
    internal const int SettledMmapThreshold = 32 * 1024 * 1024; // glibc's DEFAULT_MMAP_THRESHOLD_MAX on 64-bit
    internal const int SettledTrimThreshold = 2 * SettledMmapThreshold;

    private static readonly AsyncLocal<List<string>?> Watched = new();
    private static readonly LargeBlockReuse Process = new(mallopt, malloc_trim, IsPlainGlibc);

    private readonly object _gate = new();
    private readonly Func<int, int, int> _mallopt;
    private readonly Func<nuint, int> _trim;
    private readonly Lazy<bool> _applies;
    private int _users;

    /// <summary>A reference count of its own over the given <c>mallopt</c> and <c>malloc_trim</c>; tests make one to watch the calls.</summary>
    internal LargeBlockReuse(Func<int, int, int> mallopt, Func<nuint, int> trim, Func<bool> applies)
    {
        (_mallopt, _trim, _applies) = (mallopt, trim, new Lazy<bool>(applies));
    }

    /// <summary>Keeps large blocks, process-wide, until the returned object is disposed.</summary>
    public static IDisposable Enter()
    {
        if (Watched.Value is { } entries)
            lock (entries) entries.Add("enter");
        return Process.EnterOwn();
    }

    /// <summary>
    /// Lists every <see cref="Enter"/> made from the calling flow (its thread and the tasks it starts, not other
    /// threads) into <paramref name="entries"/> until the returned object is disposed; tests use it to see that an
    /// operation goes through here without racing the tests that run beside them.
    /// </summary>
    internal static IDisposable Watch(List<string> entries)
    {
        Watched.Value = entries;
        return new Unwatch();
    }

    /// <summary>Keeps large blocks until the returned object is disposed, counted by this instance.</summary>
    internal IDisposable EnterOwn()
    {
        if (!_applies.Value) return NoChange.Instance;
        lock (_gate)
        {
            if (_users++ == 0)
            {
                _mallopt(MmapMax, 0);
                _mallopt(TrimThreshold, int.MaxValue);
            }
        }
        return new Lease(this);
    }

    private void Exit()
    {
        lock (_gate)
        {
            if (--_users != 0) return;
            _mallopt(MmapMax, DefaultMmapMax);
            _mallopt(MmapThreshold, SettledMmapThreshold);
            _mallopt(TrimThreshold, SettledTrimThreshold);
            _trim(0);
        }
    }

    private static bool IsPlainGlibc()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("PNEUMONIA_ML_MALLOC") == "default") return false;
        if (Environment.GetEnvironmentVariable("GLIBC_TUNABLES")?.Contains("malloc", StringComparison.Ordinal) == true) return false;
        foreach (string name in Environment.GetEnvironmentVariables().Keys.Cast<string>())
            if (name.StartsWith("MALLOC_", StringComparison.Ordinal) && name.EndsWith('_')) return false;
        try
        {
            return Marshal.PtrToStringAnsi(gnu_get_libc_version()) is not null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false; // not glibc
        }
    }

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int mallopt(int parameter, int value);

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int malloc_trim(nuint pad);

    [DllImport("libc", EntryPoint = "gnu_get_libc_version")]
    private static extern IntPtr gnu_get_libc_version();

    private sealed class Lease(LargeBlockReuse owner) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) owner.Exit();
        }
    }

    private sealed class Unwatch : IDisposable
    {
        public void Dispose() => Watched.Value = null;
    }

    private sealed class NoChange : IDisposable
    {
        public static readonly NoChange Instance = new();

        public void Dispose() { }
    }
}
