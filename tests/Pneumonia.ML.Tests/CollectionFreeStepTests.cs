using System.Runtime;
using Pneumonia.ML.Native;

namespace Pneumonia.ML.Tests;

/// <summary>The garbage collector's mode is process-wide: these tests run alone, after the parallel collections.</summary>
[CollectionDefinition(nameof(CollectionFreeStepTests), DisableParallelization = true)]
public sealed class CollectionFreeStepCollection;

/// <summary>A training step runs without a garbage collection (<see cref="CollectionFreeStep"/>).</summary>
[Collection(nameof(CollectionFreeStepTests))]
public class CollectionFreeStepTests
{
    [Fact]
    public void A_step_allocates_its_batch_and_small_objects_without_a_collection_and_the_region_ends_with_it()
    {
        using (CollectionFreeStep.Region region = CollectionFreeStep.Enter(batchSize: 32, imageSize: 160))
        {
            Assert.True(region.Started);
            int collections = GC.CollectionCount(0);
            var kept = new List<byte[]> { new byte[3 * 160 * 160 * 32] }; // the batch's pixels
            for (int i = 0; i < 100_000; i++) kept.Add(new byte[64]); // about 9 MB of tensor wrappers and scalars
            Assert.Equal(collections, GC.CollectionCount(0));
            Assert.Equal(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
            GC.KeepAlive(kept);
        }
        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
    }

    [Fact]
    public void A_step_while_another_holds_the_region_runs_unguarded_and_leaves_the_other_region_alone()
    {
        using CollectionFreeStep.Region first = CollectionFreeStep.Enter(batchSize: 8, imageSize: 32);
        Assert.True(first.Started);
        using (CollectionFreeStep.Region second = CollectionFreeStep.Enter(batchSize: 8, imageSize: 32))
            Assert.False(second.Started);
        Assert.Equal(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
    }

    [Fact]
    public void A_collection_that_ends_the_region_early_leaves_nothing_to_end()
    {
        CollectionFreeStep.Region region = CollectionFreeStep.Enter(batchSize: 8, imageSize: 32);
        Assert.True(region.Started);
        GC.Collect(); // another thread's ScalarRelease, say
        region.Dispose();
        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
    }

    [Fact]
    public void A_batch_too_large_for_a_region_runs_unguarded()
    {
        using CollectionFreeStep.Region region = CollectionFreeStep.Enter(batchSize: 4096, imageSize: 4096); // 400 GB of pixels
        Assert.False(region.Started);
        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
        using CollectionFreeStep.Region next = CollectionFreeStep.Enter(batchSize: 8, imageSize: 32);
        Assert.True(next.Started); // the refused one left nothing held
    }
}
