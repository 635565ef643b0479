using System.Runtime;

namespace Pneumonia.ML.Native;

/// <summary>
/// Keeps the garbage collector out of a training step, so that no finalizer frees a native scalar while libtorch still
/// reads it.
/// </summary>
/// <remarks>
/// <para>
/// Every number TorchSharp passes to libtorch becomes a <c>torch.Scalar</c> whose native object only its finalizer frees
/// (<see cref="ScalarRelease"/>). The managed object is unreachable as soon as its handle has been read, which is before
/// the native call that uses it returns: a collection at that moment lets the finalizer thread free the scalar under
/// libtorch. The project's cross-validations saw it once in some thirty trained folds: libtorch's <c>Expected false to be true</c>
/// from <c>Scalar::toDouble</c>, thrown by a <c>Tensor.mul(Scalar)</c> of the augmentation (bench/README.md). The
/// optimisers inside TorchSharp make such scalars too, so no change to this library's own calls could close it.
/// </para>
/// <para>
/// A step therefore runs in a no-GC region (<see cref="GC.TryStartNoGCRegion(long, bool)"/>) sized for what it
/// allocates, and <see cref="ScalarRelease.AfterStep"/> collects once it has ended. The region is process-wide: when
/// another thread holds one (two trainings at once) or a collection ends it early (another thread's
/// <see cref="GC.Collect()"/>, or more allocation than the budget), or the batch is too large for a region, the step
/// runs unguarded, as before.
/// </para>
/// </remarks>
internal static class CollectionFreeStep
{
    /// <summary>Room for the small objects a step makes (tensor wrappers, scalars), besides its batch buffer.</summary>
    private const long SmallObjectBytes = 32L << 20;

    /// <summary>1 while a step of this process holds the region (asking the runtime for a second one would end the first).</summary>
    private static int held;

    /// <summary>Starts the region for a step of <paramref name="batchSize"/> images of <paramref name="imageSize"/> pixels a side.</summary>
    public static Region Enter(int batchSize, int imageSize)
    {
        if (Interlocked.CompareExchange(ref held, 1, 0) != 0) return new Region(false); // another training's step holds it
        long budget = 2 * 3L * imageSize * imageSize * batchSize + SmallObjectBytes;
        bool started;
        try
        {
            started = GC.TryStartNoGCRegion(budget, disallowFullBlockingGC: true);
        }
        catch (InvalidOperationException)
        {
            started = false; // code outside this library holds a region
        }
        catch (ArgumentOutOfRangeException)
        {
            started = false; // a batch larger than the runtime will keep free of collections
        }
        if (!started) Volatile.Write(ref held, 0);
        return new Region(started);
    }

    /// <summary>The region of one step; disposing it ends the region if it still holds.</summary>
    public readonly struct Region(bool started) : IDisposable
    {
        /// <summary>Whether the region started (and so the step ran without a collection, unless one ended it early).</summary>
        public bool Started { get; } = started;

        public void Dispose()
        {
            if (!Started) return;
            try
            {
                if (GCSettings.LatencyMode == GCLatencyMode.NoGCRegion) GC.EndNoGCRegion();
            }
            catch (InvalidOperationException)
            {
                // A collection ended the region between the check and the call; nothing is left to end.
            }
            finally
            {
                Volatile.Write(ref held, 0);
            }
        }
    }
}
