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
    public void Ten_thousand_predictions_grow_resident_memory_by_less_than_50_MB()
    {
        byte[][] images = Fixtures.Images(Fixtures.SampleTest, "NORMAL").Concat(Fixtures.Images(Fixtures.SampleTest, "PNEUMONIA"))
            .Select(File.ReadAllBytes).ToArray();
        void Predict(int count) => Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = 2 },
            i => model.Classifier.Predict(images[i % images.Length]));

        Predict(500);
        long before = ResidentBytes();
        Predict(10_000);
        long growth = ResidentBytes() - before;

        Assert.True(growth < 50L * 1024 * 1024, $"resident memory grew by {growth / (1024.0 * 1024):F1} MB over 10,000 predictions");
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
        Assert.True(growth < 20L * 1024 * 1024, $"resident memory grew by {growth / (1024.0 * 1024):F1} MB over epochs 4–10: "
            + string.Join(", ", resident.Select(r => $"{r / (1024 * 1024)} MB")));
    }

    private static long ResidentBytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        string line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
    }
}
