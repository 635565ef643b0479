using Pneumonia.ML.Data;

namespace Pneumonia.ML.Tests;

/// <summary>Every architecture trains on real X-rays with the default recipe, and early stopping keeps the best epoch.</summary>
public class ArchitectureTests
{
    /// <summary>A few seconds of training at 64 px; one training per architecture serves every test that uses it (<see cref="TrainedOnce"/>).</summary>
    internal static PneumoniaTrainingOptions Quick(PneumoniaArchitecture architecture) => new()
    {
        Architecture = architecture,
        ImageSize = 64,
        Epochs = 4,
        BatchSize = 8,
        Seed = 5,
        EarlyStoppingPatience = 1,
    };

    [Theory]
    [InlineData(PneumoniaArchitecture.CompactCnn)]
    [InlineData(PneumoniaArchitecture.ResNet18)]
    public void Trains_saves_and_loads_with_the_default_recipe(PneumoniaArchitecture architecture)
    {
        PneumoniaClassifier classifier = TrainedOnce.OnSample(Quick(architecture));

        Assert.Equal(architecture, classifier.Architecture);
        Assert.InRange(classifier.BestEpoch, 1, classifier.TrainingHistory.Count);
        Assert.NotNull(classifier.ValidationMetrics);
        Assert.Contains("Youden", classifier.ThresholdChoice);
        Assert.InRange(classifier.Threshold, 0, 1);

        string path = Path.Combine(Fixtures.NewTempFolder(), "model.pnm");
        classifier.Save(path);
        using PneumoniaClassifier loaded = PneumoniaClassifier.Load(path);
        string image = Fixtures.Images(Fixtures.SampleTest, "PNEUMONIA")[0];
        Assert.Equal(classifier.Predict(image), loaded.Predict(image));
        Assert.Equal(classifier.ValidationMetrics, loaded.ValidationMetrics);

        PneumoniaExplanation explanation = loaded.Explain(image);
        Assert.Equal(loaded.Predict(image).Label, explanation.Prediction.Label);
        Assert.Equal(explanation.HeatmapSize * explanation.HeatmapSize, explanation.Heatmap.Count);
        Assert.All(explanation.Heatmap, h => Assert.InRange(h, 0f, 1f));
    }

    [Fact]
    public void Early_stopping_keeps_the_weights_of_the_best_validation_epoch()
    {
        PneumoniaTrainingOptions options = Quick(PneumoniaArchitecture.ResNet18);
        PneumoniaClassifier classifier = TrainedOnce.OnSample(options);

        // Re-score the validation patients with the final classifier: its log-loss is the best epoch's.
        var records = ImageFolder.Read(Fixtures.SampleTrain, ImageFolder.Split.Training);
        var (_, validation) = PatientSplit.Split(records, options.ValidationFraction, options.Seed);
        double logLoss = validation.Average(r =>
        {
            double p = Math.Clamp(classifier.Predict(r.ImagePath).Probability, 1e-15, 1 - 1e-15);
            return r.Label ? -Math.Log(p) : -Math.Log(1 - p);
        });

        double best = classifier.TrainingHistory.Min(h => h.Validation!.LogLoss);
        Assert.Equal(best, classifier.TrainingHistory[classifier.BestEpoch - 1].Validation!.LogLoss);
        Assert.Equal(best, logLoss, 4);
        Assert.Equal(best, classifier.ValidationMetrics!.LogLoss, 6);
    }
}
