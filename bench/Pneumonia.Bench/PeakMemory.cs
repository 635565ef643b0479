namespace Pneumonia.Bench;

/// <summary>The process's peak resident memory (VmHWM), which includes libtorch's native allocations.</summary>
internal static class PeakMemory
{
    public static double Megabytes()
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status)) return double.NaN;
        string? line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? double.NaN : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024;
    }
}
