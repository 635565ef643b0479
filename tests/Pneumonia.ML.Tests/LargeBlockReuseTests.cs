using Pneumonia.ML.Native;

namespace Pneumonia.ML.Tests;

/// <summary>
/// The allocation setting a training makes: glibc keeps large blocks while any training runs, and allows mmap again
/// when the last one ends. (Its speed-up is a benchmark's to show: bench/README.md, "Allocation".) The setting is
/// process-wide and other test classes train beside these, so the counting is tested on an instance of its own and the
/// callers through a watch on this test's own flow.
/// </summary>
public class LargeBlockReuseTests
{
    [Fact]
    public void The_first_user_sets_and_the_last_one_restores_glibc_malloc()
    {
        var calls = new List<string>();
        var reuse = new LargeBlockReuse((parameter, value) => { calls.Add($"mallopt {parameter} {value}"); return 1; },
            pad => { calls.Add($"trim {pad}"); return 1; }, () => true);
        IDisposable outer = reuse.EnterOwn();
        Assert.Equal([$"mallopt {LargeBlockReuse.MmapMax} 0", $"mallopt {LargeBlockReuse.TrimThreshold} {int.MaxValue}"], calls);
        calls.Clear();
        using (reuse.EnterOwn()) { }
        Assert.Empty(calls); // an inner user neither sets nor restores
        outer.Dispose();
        outer.Dispose(); // a second dispose does nothing
        Assert.Equal([$"mallopt {LargeBlockReuse.MmapMax} {LargeBlockReuse.DefaultMmapMax}",
            $"mallopt {LargeBlockReuse.MmapThreshold} {32 << 20}", $"mallopt {LargeBlockReuse.TrimThreshold} {64 << 20}", "trim 0"], calls);
        calls.Clear();
        using (reuse.EnterOwn()) { }
        Assert.Equal(6, calls.Count); // a later first user sets it again
    }

    [Fact]
    public void Off_glibc_or_when_the_environment_says_no_nothing_is_called()
    {
        var calls = new List<string>();
        var reuse = new LargeBlockReuse((_, _) => { calls.Add("mallopt"); return 1; }, _ => { calls.Add("trim"); return 1; }, () => false);
        using (reuse.EnterOwn()) { }
        Assert.Empty(calls);
    }

    [Fact]
    public void Training_goes_through_it_unless_its_options_say_no()
    {
        var entries = new List<string>();
        var options = PneumoniaTrainingOptions.Article();
        (options.ImageSize, options.Epochs, options.BatchSize, options.ValidationFraction) = (96, 1, 8, 0);
        using (LargeBlockReuse.Watch(entries))
        using (PneumoniaClassifier.Train(Fixtures.SampleTrain, options))
            Assert.Equal(["enter"], entries);

        entries.Clear();
        options.ReuseLargeBlocks = false;
        using (LargeBlockReuse.Watch(entries))
        using (PneumoniaClassifier.Train(Fixtures.SampleTrain, options))
            Assert.Empty(entries);
    }

    [Fact]
    public void Batch_scoring_goes_through_it_unless_the_inference_options_say_no()
    {
        var entries = new List<string>();
        string[] images = [.. Enumerable.Repeat(Fixtures.Images(Fixtures.SampleTest, "NORMAL")[0], 40)]; // more than one batch
        using (LargeBlockReuse.Watch(entries))
        using (PneumoniaClassifier shipped = PneumoniaClassifier.LoadDefault())
        {
            shipped.Predict(images[..1]);
            Assert.Empty(entries); // one image is one batch: nothing to reuse
            shipped.Predict(images);
            Assert.Equal(["enter"], entries);
        }

        entries.Clear();
        using (LargeBlockReuse.Watch(entries))
        using (PneumoniaClassifier shipped = PneumoniaClassifier.LoadDefault(new PneumoniaInferenceOptions { ReuseLargeBlocks = false }))
            shipped.Predict(images);
        Assert.Empty(entries);
    }
}
