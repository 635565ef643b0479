using Pneumonia.ML;

namespace Pneumonia.Samples.Tests.WebApi;

/// <summary>A model trained on the bundled sample at 96 px for a few epochs and saved to a temporary file.</summary>
public sealed class TrainedModelFixture : IDisposable
{
    public TrainedModelFixture()
    {
        var options = new PneumoniaTrainingOptions { ImageSize = 96, Epochs = 5, BatchSize = 8, Seed = 1 };
        Classifier = PneumoniaClassifier.Train(SampleData.Train, options);
        ModelPath = Path.Combine(SampleData.NewTempFolder(), "webapi-test.model");
        Classifier.Save(ModelPath);
    }

    public PneumoniaClassifier Classifier { get; }

    public string ModelPath { get; }

    public void Dispose() => Classifier.Dispose();
}
