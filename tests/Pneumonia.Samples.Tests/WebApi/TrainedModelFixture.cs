using Pneumonia.ML;

namespace Pneumonia.Samples.Tests.WebApi;

/// <summary>
/// A model trained on the bundled sample at 96 px for a few epochs, saved to a temporary full model file and exported
/// as the inference model file (int8, the export's default) that the web API serves.
/// </summary>
public sealed class TrainedModelFixture : IDisposable
{
    public TrainedModelFixture()
    {
        var options = new PneumoniaTrainingOptions { ImageSize = 96, Epochs = 5, BatchSize = 8, Seed = 1 };
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
