namespace Pneumonia.ML.Tests;

/// <summary>
/// One three-class training (NORMAL / BACTERIAL / VIRAL from the committed sample's file names; CompactCnn at 64 px,
/// a few epochs), shared by the multi-class test classes through a collection fixture.
/// </summary>
public sealed class ThreeClassFixture : IDisposable
{
    public ThreeClassFixture()
    {
        Options = new PneumoniaTrainingOptions
        {
            Architecture = PneumoniaArchitecture.CompactCnn,
            ImageSize = 64,
            Epochs = 4,
            BatchSize = 16,
            Seed = 5,
            Augment = false,
            Classes = PneumoniaClasses.NormalBacterialViral,
        };
        Classifier = PneumoniaClassifier.Train(Fixtures.SampleTrain, Options);
    }

    public PneumoniaTrainingOptions Options { get; }

    public PneumoniaClassifier Classifier { get; }

    public void Dispose() => Classifier.Dispose();
}

[CollectionDefinition(Name)]
public sealed class ThreeClassCollection : ICollectionFixture<ThreeClassFixture>
{
    public const string Name = "one three-class network";
}
