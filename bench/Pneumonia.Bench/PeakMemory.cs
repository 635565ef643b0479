namespace Pneumonia.Bench;

/// <summary>The process's peak resident memory (VmHWM), which includes libtorch's native allocations.</summary>
internal static class PeakMemory
{
    public static double Megabytes() => Read("VmHWM:");

    /// <summary>The process's resident memory now (VmRSS).</summary>
    public static double CurrentMegabytes() => Read("VmRSS:");

    /// <summary>
    /// Sets the peak back to the current resident memory (Linux ≥ 4.0: "5" written to /proc/self/clear_refs), so that
    /// the next <see cref="Megabytes"/> is the peak of what runs in between. False when the kernel refuses.
    /// </summary>
    public static bool Reset()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static double Read(string key)
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status)) return double.NaN;
        string? line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
        return line is null ? double.NaN : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024;
    }
}
