namespace Pneumonia.ML.Tests;

/// <summary>One 3-fold cross-validation of a small network on the committed sample, shared by the tests below.</summary>
public sealed class CrossValidationFixture : IDisposable
{
    public static PneumoniaTrainingOptions Quick() => new()
    {
        Architecture = PneumoniaArchitecture.CompactCnn,
        ImageSize = 48,
        Epochs = 2,
        BatchSize = 8,
        Seed = 5,
    };

    public CrossValidationFixture() =>
        Result = PneumoniaClassifier.CrossValidate(Fixtures.SampleTrain, folds: 3, Quick(), progress: new SynchronousProgress(Reports.Add));

    public PneumoniaCrossValidation Result { get; }

    public List<PneumoniaTrainingProgress> Reports { get; } = [];

    public void Dispose() => Result.Dispose();
}
