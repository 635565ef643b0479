namespace Pneumonia.ML.Tests;

/// <summary>Native memory is invisible to the GC: every tensor a call makes must be disposed by its scope.</summary>
internal static class LiveTensors
{
    /// <summary>
    /// Calls <paramref name="action"/> once (caches, lazy state), then <paramref name="times"/> more times, and asserts
    /// that the number of live tensors on this thread is what it was before them.
    /// </summary>
    public static void AssertNoneLeftBy(Action action, int times)
    {
        action();
        long before = TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        for (int i = 0; i < times; i++) action();
        Assert.Equal(before, TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }
}
