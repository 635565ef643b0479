namespace Pneumonia.ML.Tests;

/// <summary>Cross-validation on the committed sample: a small network, a few epochs.</summary>
public class CrossValidationTests
{
    private static PneumoniaTrainingOptions Quick() => new()
    {
        Architecture = PneumoniaArchitecture.CompactCnn,
        ImageSize = 48,
        Epochs = 2,
        BatchSize = 8,
        Seed = 5,
    };

    [Fact]
    public void Every_image_is_scored_once_by_the_network_that_never_saw_its_patient()
    {
        var reports = new List<PneumoniaTrainingProgress>();
        using PneumoniaCrossValidation cv = PneumoniaClassifier.CrossValidate(Fixtures.SampleTrain, folds: 3, Quick(),
            progress: new SynchronousProgress(reports.Add));

        string[] images = Directory.GetFiles(Fixtures.SampleTrain, "*.jpeg", SearchOption.AllDirectories);
        PneumoniaEvaluation oof = cv.OutOfFold;
        Assert.Equal(images.Length, oof.Images.Count);
        Assert.Equal(images.Order(StringComparer.Ordinal), oof.Images.Select(s => s.ImagePath));
        Assert.Equal(3, cv.FoldCount);
        Assert.Equal(oof.Images.Count, cv.ImageFolds.Count);
        Assert.Equal([1, 2, 3], cv.ImageFolds.Distinct().Order());

        for (int i = 0; i < oof.Images.Count; i++)
        {
            PneumoniaClassifier foldClassifier = cv.FoldClassifiers[cv.ImageFolds[i] - 1];
            Assert.Equal(oof.Images[i].Probability, foldClassifier.Predict(oof.Images[i].ImagePath).Probability, 1e-5);
        }
        for (int fold = 1; fold <= 3; fold++)
        {
            PneumoniaClassifier classifier = cv.FoldClassifiers[fold - 1];
            Assert.Equal(cv.ImageFolds.Count(f => f == fold), classifier.ValidationMetrics!.Count);
            Assert.Equal(oof.Metrics.Threshold, classifier.Threshold);
            Assert.Equal(2, classifier.TrainingHistory.Count); // the whole schedule, no early stop
        }
        Assert.Equal(oof.Images.Count, oof.Metrics.Count);
        Assert.InRange(oof.Intervals.Auc.Lower, 0, oof.Metrics.Auc);
        Assert.Equal([1, 2, 3], reports.Select(r => r.Fold).Distinct());
        Assert.All(reports, r => Assert.Equal(3, r.Folds));
    }

    [Fact]
    public void Cancelling_stops_before_the_next_batch()
    {
        using var cancellation = new CancellationTokenSource();
        int batchesAfterCancel = 0;
        var progress = new SynchronousProgress(report =>
        {
            if (cancellation.IsCancellationRequested) batchesAfterCancel++;
            if (report is { Fold: 2, Stage: PneumoniaTrainingStage.Batch, Batch: 1 }) cancellation.Cancel();
        });
        Assert.ThrowsAny<OperationCanceledException>(() =>
            PneumoniaClassifier.CrossValidate(Fixtures.SampleTrain, folds: 2, Quick(), progress: progress, cancellationToken: cancellation.Token));
        Assert.Equal(0, batchesAfterCancel);
    }

    [Fact]
    public void More_folds_than_patients_of_a_class_are_refused_before_any_training()
    {
        var error = Assert.Throws<InvalidDatasetException>(() => PneumoniaClassifier.CrossValidate(Fixtures.SampleTrain, folds: 31, Quick()));
        Assert.Contains("31 folds need at least 31 patients", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => PneumoniaClassifier.CrossValidate(Fixtures.SampleTrain, folds: 1, Quick()));
    }
}
