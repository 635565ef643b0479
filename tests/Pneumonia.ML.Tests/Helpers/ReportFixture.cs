namespace Pneumonia.ML.Tests;

/// <summary>
/// A briefly trained article network (its figures need not be good), its detailed evaluation on the sample's test
/// folder, and the report written from them, shared by the report and explanation tests.
/// </summary>
public sealed class ReportFixture : IDisposable
{
    public ReportFixture()
    {
        var options = new PneumoniaTrainingOptions
        {
            Architecture = PneumoniaArchitecture.ArticleCnn,
            ImageSize = 96,
            Epochs = 3,
            BatchSize = 16,
            Seed = 5,
        };
        Classifier = PneumoniaClassifier.Train(Fixtures.SampleTrain, options);
        Evaluation = Classifier.EvaluateDetailed(Fixtures.SampleTest);
        Folder = Fixtures.NewTempFolder();
        HtmlPath = PneumoniaReport.Write(Evaluation, Classifier, Folder);
    }

    public PneumoniaClassifier Classifier { get; }

    public PneumoniaEvaluation Evaluation { get; }

    public string Folder { get; }

    public string HtmlPath { get; }

    public void Dispose() => Classifier.Dispose();
}
