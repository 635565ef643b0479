namespace Pneumonia.ML.Tests;

/// <summary>One article-network training run on the committed sample, shared by the tests that need a trained model.</summary>
public sealed class TrainedClassifierFixture : IDisposable
{
    public const int ImageSize = 96;

    public TrainedClassifierFixture()
    {
        Options = PneumoniaTrainingOptions.Article();
        Options.ImageSize = ImageSize;
        Options.Epochs = 25;
        Options.BatchSize = 8;
        Options.Seed = 2;
        Classifier = PneumoniaClassifier.Train(Fixtures.SampleTrain, Options, new SynchronousProgress(report => { lock (Reports) Reports.Add(report); }));
    }

    public PneumoniaTrainingOptions Options { get; }

    public PneumoniaClassifier Classifier { get; }

    public List<PneumoniaTrainingProgress> Reports { get; } = new();

    public void Dispose() => Classifier.Dispose();
}
