namespace Pneumonia.ML.Tests;

/// <summary>The committed format-1 model file (a small CompactCnn ensemble at 32 px), loaded once per test class.</summary>
public sealed class FormatFixtureClassifier : IDisposable
{
    public static string ModelPath => Path.Combine(AppContext.BaseDirectory, "Fixtures", "model-files", "ensemble-v1-int8.pnm");

    public PneumoniaClassifier Classifier { get; } = PneumoniaClassifier.Load(ModelPath);

    public void Dispose() => Classifier.Dispose();
}
