namespace Pneumonia.ML.Tests;

/// <summary>
/// The shipped default model with its input check fitted post hoc on the committed training sample (the way a model
/// saved before the input check gets one), and the generated non-X-ray images, shared by a test class.
/// </summary>
public sealed class FittedDefaultModel : IDisposable
{
    public FittedDefaultModel()
    {
        Classifier = PneumoniaClassifier.LoadDefault();
        WasFittedBefore = Classifier.HasFeatureStatistics;
        Classifier.FitInputCheck(Fixtures.SampleTrain);
        NonXrays = NonXrayImages.Write();
    }

    public PneumoniaClassifier Classifier { get; }

    /// <summary>Whether the shipped file already held feature statistics.</summary>
    public bool WasFittedBefore { get; }

    /// <summary>Generated images that are not chest X-rays, by name.</summary>
    internal IReadOnlyDictionary<string, string> NonXrays { get; }

    public void Dispose() => Classifier.Dispose();
}
