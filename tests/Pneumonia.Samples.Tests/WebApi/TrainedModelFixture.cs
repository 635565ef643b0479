using Pneumonia.ML;

namespace Pneumonia.Samples.Tests.WebApi;

/// <summary>
/// A model trained on the bundled sample for a few epochs, saved to a temporary full model file and exported as the
/// inference model file (int8, the export's default) that the web API serves. The compact network at 64 px: the tests
/// are about serving, and any architecture's file is served alike (the library's tests cover each architecture's export).
/// </summary>
public sealed class TrainedModelFixture : IDisposable
{
    public TrainedModelFixture()
    {
        var options = new PneumoniaTrainingOptions { Architecture = PneumoniaArchitecture.CompactCnn, ImageSize = 64, Epochs = 3, BatchSize = 8, Seed = 1 };
        using PneumoniaClassifier classifier = PneumoniaClassifier.Train(SampleData.Train, options);
        string folder = SampleData.NewTempFolder();
        FullModelPath = Path.Combine(folder, "webapi-test.model");
        classifier.Save(FullModelPath);
        ModelPath = Path.Combine(folder, "webapi-test.pnmi");
        classifier.ExportInferenceModel(ModelPath);
        Predictor = PneumoniaPredictor.Load(ModelPath);
    }

    /// <summary>The inference model file (.pnmi) the web API is given.</summary>
    public string ModelPath { get; }

    /// <summary>The same model as a full model file (.model), which the web API refuses.</summary>
    public string FullModelPath { get; }

    /// <summary>The inference package's predictor on <see cref="ModelPath"/>: what every answer must equal.</summary>
    public PneumoniaPredictor Predictor { get; }

    public void Dispose() => Predictor.Dispose();
}
