using System.Runtime.InteropServices;

namespace Pneumonia.ML.Tests;

/// <summary>
/// Resident memory is process-wide: this collection runs alone, after the parallel ones, with its own model (a class
/// belongs to one collection): the committed model file, loaded rather than trained so that nothing waits on a training.
/// </summary>
[CollectionDefinition(nameof(MemoryTests), DisableParallelization = true)]
public sealed class MemoryTestsCollection : ICollectionFixture<FormatFixtureClassifier>;

/// <summary>Native memory does not leak: prediction keeps every tensor inside a dispose scope.</summary>
[Collection(nameof(MemoryTests))]
public class MemoryTests(FormatFixtureClassifier model)
{
    [Fact]
    public void Predictions_leave_no_tensor_alive()
    {
        byte[] image = File.ReadAllBytes(Fixtures.Images(Fixtures.SampleTest, "NORMAL")[0]);
        LiveTensors.AssertNoneLeftBy(() => model.Classifier.Predict(image), times: 100);
    }

    /// <summary>
    /// What the tensor count cannot see (native buffers outside tensors, the decoder's): resident memory over 3,000
    /// predictions on two threads, read after each thousand (the same two threads throughout, after a first thousand
    /// that warms the allocator: glibc gives every new thread an arena of its own). Each reading follows a full
    /// collection, as a long-running process has them; without one in between, the runtime keeps tens of MB of
    /// managed heap committed, which would read as growth. Measured on this project's machine: flat to about 1 MB. A
    /// leak of 5 KB a prediction (less than half of one 32 px input, 12 KB as floats) would add 15 MB.
    /// </summary>
    [Fact]
    public void Three_thousand_predictions_grow_resident_memory_by_less_than_10_MB()
    {
        byte[][] images = Fixtures.Images(Fixtures.SampleTest, "NORMAL").Concat(Fixtures.Images(Fixtures.SampleTest, "PNEUMONIA"))
            .Select(File.ReadAllBytes).ToArray();
        const int thousands = 4; // the first warms up
        using var phase = new Barrier(3);
        Thread[] threads = [.. Enumerable.Range(0, 2).Select(t => new Thread(() =>
        {
            for (int k = 0; k < thousands; k++)
            {
                for (int i = 0; i < 500; i++) model.Classifier.Predict(images[(2 * i + t) % images.Length]);
                phase.SignalAndWait(); // a thousand done
                phase.SignalAndWait(); // read
            }
        }))];
        foreach (Thread thread in threads) thread.Start();
        var resident = new List<long>();
        for (int k = 0; k < thousands; k++)
        {
            phase.SignalAndWait();
            resident.Add(ResidentBytes());
            phase.SignalAndWait();
        }
        foreach (Thread thread in threads) thread.Join();

        long growth = resident[^1] - resident[0];
        Assert.True(growth < 10L * 1024 * 1024, $"resident memory grew by {growth / (1024.0 * 1024):F1} MB over 3,000 predictions: "
            + string.Join(", ", resident.Select(r => $"{r / (1024 * 1024)} MB")));
    }

    [Fact]
    public void Epochs_of_training_do_not_grow_resident_memory()
    {
        var resident = new List<long>();
        var liveTensors = new List<long>();
        var options = new PneumoniaTrainingOptions
        {
            Architecture = PneumoniaArchitecture.CompactCnn,
            ImageSize = 64,
            Epochs = 10,
            BatchSize = 8,
            EarlyStoppingPatience = 0,
        };
        var progress = new SynchronousProgress(r =>
        {
            if (r.Stage != PneumoniaTrainingStage.Epoch) return;
            liveTensors.Add(TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount);
            resident.Add(ResidentBytes());
        });
        using PneumoniaClassifier classifier = PneumoniaClassifier.Train(Fixtures.SampleTrain, options, progress);

        // Every tensor of a batch dies with its dispose scope: the count of live tensors on the training thread is the
        // same at the end of every epoch (the network, optimizer state and per-epoch generator aside).
        Assert.Single(liveTensors.Skip(1).Distinct());
        // After three warm-up epochs (allocator pools, oneDNN caches), seven more epochs of 48 augmented images.
        long growth = resident[^1] - resident[2];
        Assert.True(growth < 0, $"resident memory grew by {growth / (1024.0 * 1024):F1} MB over epochs 4–10: "
            + string.Join(", ", resident.Select(r => $"{r / (1024 * 1024)} MB")));
    }

    /// <summary>
    /// Resident memory once the managed heap is collected and glibc has handed its free pages back: after a training or a
    /// large batch, glibc keeps up to 64 MB of freed memory per arena (<c>LargeBlockReuse</c>'s settled thresholds, which
    /// are also glibc's own after it frees a 32 MB block), and that retention would otherwise read as growth.
    /// </summary>
    private static long ResidentBytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        malloc_trim(0);
        string line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
    }

    [DllImport("libc")]
    private static extern int malloc_trim(nuint pad);
}
