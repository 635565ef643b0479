namespace Pneumonia.ML.Tests;

/// <summary>A cancelled training leaves a checkpoint; resuming from it reaches the uninterrupted run's weights.</summary>
public class CheckpointTests
{
    private static PneumoniaTrainingOptions Options(PneumoniaArchitecture architecture, string? checkpoint, double weightAverageDecay = 0)
    {
        PneumoniaTrainingOptions options = architecture == PneumoniaArchitecture.ArticleCnn
            ? PneumoniaTrainingOptions.Article()
            : new PneumoniaTrainingOptions { Architecture = architecture, EarlyStoppingPatience = 2 };
        options.ImageSize = architecture == PneumoniaArchitecture.ArticleCnn ? 96 : 32;
        options.Epochs = 3;
        options.BatchSize = 16;
        options.Seed = 11;
        options.CheckpointPath = checkpoint;
        options.WeightAverageDecay = weightAverageDecay;
        return options;
    }

    [Theory]
    [InlineData(PneumoniaArchitecture.ArticleCnn, 0)]
    [InlineData(PneumoniaArchitecture.CompactCnn, 0)]
    [InlineData(PneumoniaArchitecture.CompactCnn, 0.9)] // the weight average is in the checkpoint too
    public void Resuming_after_a_cancel_gives_the_uninterrupted_weights(PneumoniaArchitecture architecture, double weightAverageDecay)
    {
        string folder = Fixtures.NewTempFolder();
        string uninterruptedModel = Path.Combine(folder, "uninterrupted.model");
        using (PneumoniaClassifier uninterrupted = PneumoniaClassifier.Train(Fixtures.SampleTrain, Options(architecture, null, weightAverageDecay)))
            uninterrupted.Save(uninterruptedModel);

        string checkpoint = Path.Combine(folder, "training.checkpoint");
        using var cancellation = new CancellationTokenSource();
        int batchesAfterCancel = 0;
        var progress = new SynchronousProgress(report =>
        {
            if (cancellation.IsCancellationRequested) batchesAfterCancel++;
            if (report is { Stage: PneumoniaTrainingStage.Batch, Epoch: 2, Batch: 2 }) cancellation.Cancel();
        });
        Assert.ThrowsAny<OperationCanceledException>(() =>
            PneumoniaClassifier.Train(Fixtures.SampleTrain, Options(architecture, checkpoint, weightAverageDecay), progress, cancellation.Token));
        Assert.Equal(0, batchesAfterCancel);
        Assert.True(File.Exists(checkpoint), "a cancelled training must leave its checkpoint");

        var resumedEpochs = new List<int>();
        string resumedModel = Path.Combine(folder, "resumed.model");
        using (PneumoniaClassifier resumed = PneumoniaClassifier.Train(Fixtures.SampleTrain, Options(architecture, checkpoint, weightAverageDecay),
            new SynchronousProgress(r => { if (r.Stage == PneumoniaTrainingStage.Epoch) resumedEpochs.Add(r.Epoch); })))
            resumed.Save(resumedModel);

        Assert.Equal([2, 3], resumedEpochs);
        Assert.False(File.Exists(checkpoint), "a finished training deletes its checkpoint");
        Assert.Equal(File.ReadAllBytes(uninterruptedModel), File.ReadAllBytes(resumedModel));
    }

    [Fact]
    public void A_checkpoint_of_other_options_is_refused()
    {
        string checkpoint = Path.Combine(Fixtures.NewTempFolder(), "training.checkpoint");
        using var cancellation = new CancellationTokenSource();
        var progress = new SynchronousProgress(r => { if (r.Stage == PneumoniaTrainingStage.Epoch) cancellation.Cancel(); });
        Assert.ThrowsAny<OperationCanceledException>(() =>
            PneumoniaClassifier.Train(Fixtures.SampleTrain, Options(PneumoniaArchitecture.ArticleCnn, checkpoint), progress, cancellation.Token));

        PneumoniaTrainingOptions other = Options(PneumoniaArchitecture.ArticleCnn, checkpoint);
        other.Seed = 12;
        var error = Assert.Throws<InvalidOperationException>(() => PneumoniaClassifier.Train(Fixtures.SampleTrain, other));
        Assert.Contains("other training options", error.Message);
    }
}
