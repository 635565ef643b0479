namespace Pneumonia.ML.Tests;

/// <summary>Training fits the input check on the images it decoded, and the model file keeps it.</summary>
[Collection(TrainedClassifierCollection.Name)]
public class InputCheckTrainingTests(TrainedClassifierFixture trained)
{
    [Fact]
    public void Training_fits_the_input_check_and_saving_keeps_it()
    {
        PneumoniaClassifier classifier = trained.Classifier;
        Assert.True(classifier.HasFeatureStatistics);
        string image = Fixtures.Images(Fixtures.SampleTrain, PneumoniaClassifier.PneumoniaLabel)[0];
        PneumoniaPrediction before = classifier.Predict(image);
        Assert.False(before.IsUnusualImage, before.InputCheck.Reason);

        string path = Path.Combine(Fixtures.NewTempFolder(), "trained.pnm");
        classifier.Save(path);
        using PneumoniaClassifier loaded = PneumoniaClassifier.Load(path);
        Assert.True(loaded.HasFeatureStatistics);
        PneumoniaPrediction after = loaded.Predict(image);
        Assert.Equal(before.InputCheck.Distance, after.InputCheck.Distance);
        Assert.Equal(before.InputCheck.DistanceThreshold, after.InputCheck.DistanceThreshold);

        // The explanation carries the same check.
        Assert.Equal(before.InputCheck.Distance!.Value, classifier.Explain(image).Prediction.InputCheck.Distance!.Value, 1e-4);
    }
}
