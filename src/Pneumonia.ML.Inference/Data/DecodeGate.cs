namespace Pneumonia.ML.Data;

/// <summary>
/// Bounds the memory of all image decodes in the process together: a decode of <c>n</c> pixels waits while others
/// hold more than <see cref="Capacity"/> − <c>n</c> pixels. One image alone always proceeds (its size is bounded by
/// the pixel budget of the options that decode it). With the default budget and about 8 bytes per decoding pixel,
/// the decodes of a 2-core machine hold at most about 400 MB at once, however many callers there are.
/// </summary>
internal static class DecodeGate
{
    /// <summary>Pixels decoding at once: one default-budget image per core, at least two.</summary>
    public static readonly long Capacity = Math.Max(2, Environment.ProcessorCount) * ImageDecoder.DefaultMaxPixels;

    private static readonly object Sync = new();
    private static long _inFlight;

    /// <summary>Waits until <paramref name="pixels"/> fit the budget and holds them until the lease is disposed.</summary>
    public static Lease Enter(long pixels)
    {
        lock (Sync)
        {
            while (_inFlight > 0 && _inFlight + pixels > Capacity) Monitor.Wait(Sync);
            _inFlight += pixels;
        }
        return new Lease(pixels);
    }

    /// <summary>Pixels held by a decode under way.</summary>
    internal readonly struct Lease(long pixels) : IDisposable
    {
        public void Dispose()
        {
            lock (Sync)
            {
                _inFlight -= pixels;
                Monitor.PulseAll(Sync);
            }
        }
    }
}
