using Pneumonia.ML.Native;

namespace Pneumonia.ML.Tests;

/// <summary>
/// The allocation setting a training makes: glibc keeps large blocks while any training runs, and allows mmap again
/// when the last one ends. (Its speed-up is a benchmark's to show: bench/README.md, "Allocation".)
/// </summary>
[Collection(nameof(MemoryTests))] // glibc's malloc settings are process-wide: no other test may train meanwhile
public class LargeBlockReuseTests
{
    [Fact]
    public void The_first_training_sets_and_the_last_one_restores_glibc_malloc()
    {
        var calls = new List<string>();
        var (mallopt, trim) = (LargeBlockReuse.Mallopt, LargeBlockReuse.Trim);
        LargeBlockReuse.Mallopt = (parameter, value) => { calls.Add($"mallopt {parameter} {value}"); return 1; };
        LargeBlockReuse.Trim = pad => { calls.Add($"trim {pad}"); return 1; };
        try
        {
            IDisposable outer = LargeBlockReuse.Enter();
            Assert.Equal([$"mallopt {LargeBlockReuse.MmapMax} 0", $"mallopt {LargeBlockReuse.TrimThreshold} {int.MaxValue}"], calls);
            calls.Clear();
            using (LargeBlockReuse.Enter()) { }
            Assert.Empty(calls); // an inner training neither sets nor restores
            outer.Dispose();
            outer.Dispose(); // a second dispose does nothing
            Assert.Equal([$"mallopt {LargeBlockReuse.MmapMax} {LargeBlockReuse.DefaultMmapMax}",
                $"mallopt {LargeBlockReuse.MmapThreshold} {32 << 20}", $"mallopt {LargeBlockReuse.TrimThreshold} {64 << 20}", "trim 0"], calls);
        }
        finally
        {
            (LargeBlockReuse.Mallopt, LargeBlockReuse.Trim) = (mallopt, trim);
        }
    }

    [Fact]
    public void Training_goes_through_it()
    {
        var calls = new List<int>();
        var mallopt = LargeBlockReuse.Mallopt;
        LargeBlockReuse.Mallopt = (parameter, value) => { calls.Add(value); return mallopt(parameter, value); };
        try
        {
            var options = PneumoniaTrainingOptions.Article();
            (options.ImageSize, options.Epochs, options.BatchSize, options.ValidationFraction) = (96, 1, 8, 0);
            using (PneumoniaClassifier.Train(Fixtures.SampleTrain, options))
                Assert.Equal([0, int.MaxValue, LargeBlockReuse.DefaultMmapMax, 32 << 20, 64 << 20], calls);

            calls.Clear();
            options.ReuseLargeBlocks = false;
            using (PneumoniaClassifier.Train(Fixtures.SampleTrain, options)) Assert.Empty(calls);
        }
        finally
        {
            LargeBlockReuse.Mallopt = mallopt;
        }
    }

    [Fact]
    public void Batch_scoring_goes_through_it_unless_the_inference_options_say_no()
    {
        var calls = new List<int>();
        var mallopt = LargeBlockReuse.Mallopt;
        LargeBlockReuse.Mallopt = (parameter, value) => { calls.Add(value); return mallopt(parameter, value); };
        string[] images = [.. Enumerable.Repeat(Fixtures.Images(Fixtures.SampleTest, "NORMAL")[0], 40)]; // more than one batch
        try
        {
            using (PneumoniaClassifier shipped = PneumoniaClassifier.LoadDefault()) shipped.Predict(images);
            Assert.Equal([0, int.MaxValue, LargeBlockReuse.DefaultMmapMax, 32 << 20, 64 << 20], calls);

            calls.Clear();
            using (PneumoniaClassifier shipped = PneumoniaClassifier.LoadDefault(new PneumoniaInferenceOptions { ReuseLargeBlocks = false }))
                shipped.Predict(images);
            Assert.Empty(calls);
        }
        finally
        {
            LargeBlockReuse.Mallopt = mallopt;
        }
    }
}
