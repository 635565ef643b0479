using Pneumonia.ML.Persistence;
using static TorchSharp.torch;

namespace Pneumonia.ML.Tests;

/// <summary>
/// The inference package (Pneumonia.ML.Inference) answers exactly as the full package's ONNX Runtime engines for the
/// same model: predictions, input checks and evaluations, for a model trained here (float32 and int8) and for the
/// shipped default model; and it needs neither TorchSharp nor ML.NET.
/// </summary>
[Collection(TrainedClassifierCollection.Name)]
public class InferencePackageTests
{
    private readonly TrainedClassifierFixture _trained;

    public InferencePackageTests(TrainedClassifierFixture trained) => _trained = trained;

    [Theory]
    [InlineData(PneumoniaWeightPrecision.Float32, PneumoniaInferenceEngine.OnnxRuntime)]
    [InlineData(PneumoniaWeightPrecision.Int8, PneumoniaInferenceEngine.OnnxRuntimeInt8)]
    public void An_exported_model_predicts_and_evaluates_as_the_full_package_engine(PneumoniaWeightPrecision precision, PneumoniaInferenceEngine engine)
    {
        string path = Path.Combine(Fixtures.NewTempFolder(), "trained.pnmi");
        _trained.Classifier.ExportInferenceModel(path, precision);
        using var saved = new MemoryStream();
        _trained.Classifier.Save(saved);
        saved.Position = 0;
        using PneumoniaClassifier classifier = PneumoniaClassifier.Load(saved, new PneumoniaInferenceOptions { Engine = engine });
        using PneumoniaPredictor predictor = PneumoniaPredictor.Load(path, SameThreads());

        Assert.Equal(classifier.Architecture.ToString(), predictor.Architecture);
        Assert.Equal(classifier.ImageSize, predictor.ImageSize);
        Assert.Equal(classifier.Threshold, predictor.Threshold);
        Assert.Equal(classifier.ThresholdChoice, predictor.ThresholdChoice);
        Assert.Equivalent(classifier.ThresholdOrigin, predictor.ThresholdOrigin, strict: true);
        Assert.Equal(PneumoniaThresholdRule.Fixed, predictor.ThresholdOrigin.Rule); // the article's recipe: 0.5, recorded as such
        Assert.Equal(precision, predictor.WeightPrecision);
        Assert.True(classifier.HasFeatureStatistics);
        Assert.True(predictor.HasFeatureStatistics);
        AssertSameAnswers(classifier, predictor);
    }

    [Fact]
    public void The_shipped_inference_model_is_the_default_model_on_the_int8_engine()
    {
        using PneumoniaClassifier classifier = PneumoniaClassifier.LoadDefault(new PneumoniaInferenceOptions { Engine = PneumoniaInferenceEngine.OnnxRuntimeInt8 });
        using PneumoniaPredictor predictor = PneumoniaPredictor.LoadDefault(SameThreads());

        // A failure here after the default model changed means the inference model was not re-exported:
        // dotnet run --project bench/Pneumonia.Bench -c Release -- export-inference (bench/README.md).
        Assert.Equal(classifier.Architecture.ToString(), predictor.Architecture);
        Assert.Equal(classifier.ImageSize, predictor.ImageSize);
        Assert.Equal(classifier.Threshold, predictor.Threshold);
        Assert.Equal(classifier.ThresholdChoice, predictor.ThresholdChoice);
        Assert.Equivalent(classifier.ThresholdOrigin, predictor.ThresholdOrigin, strict: true);
        Assert.Equal(classifier.OperatingPoints, predictor.OperatingPoints);
        Assert.Equal(classifier.HasFeatureStatistics, predictor.HasFeatureStatistics);
        Assert.Equal(PneumoniaWeightPrecision.Int8, predictor.WeightPrecision);
        AssertSameAnswers(classifier, predictor);
    }

    [Fact]
    public void The_shipped_inference_model_stays_under_25_MB()
    {
        using Stream? resource = typeof(PneumoniaPredictor).Assembly.GetManifestResourceStream("Pneumonia.ML.Inference.DefaultModel.pnmi");
        Assert.NotNull(resource);
        Assert.InRange(resource.Length, 1_000_000, 25_000_000);
    }

    [Fact]
    public void The_inference_assembly_references_neither_TorchSharp_nor_MLNet()
    {
        string[] references = typeof(PneumoniaPredictor).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToArray();

        Assert.Contains("Microsoft.ML.OnnxRuntime", references);
        Assert.DoesNotContain(references, name => name.StartsWith("TorchSharp", StringComparison.Ordinal));
        Assert.DoesNotContain(references, name => name is "Microsoft.ML" || name.StartsWith("Microsoft.ML.", StringComparison.Ordinal)
            && name != "Microsoft.ML.OnnxRuntime");
    }

    [Fact]
    public void A_full_model_file_or_a_damaged_one_is_refused_by_name()
    {
        string folder = Fixtures.NewTempFolder();
        string full = Path.Combine(folder, "model.pnm");
        _trained.Classifier.Save(full);
        var notInference = Assert.Throws<InvalidModelFileException>(() => PneumoniaPredictor.Load(full));
        Assert.Equal(full, notInference.Path);
        Assert.Contains("not a Pneumonia.ML inference model file", notInference.Message);

        string exported = Path.Combine(folder, "model.pnmi");
        _trained.Classifier.ExportInferenceModel(exported, PneumoniaWeightPrecision.Float32);
        byte[] bytes = File.ReadAllBytes(exported);
        File.WriteAllBytes(exported, bytes[..(bytes.Length / 2)]);
        var truncated = Assert.Throws<InvalidModelFileException>(() => PneumoniaPredictor.Load(exported));
        Assert.Contains("truncated or damaged", truncated.Message);
    }

    [Fact]
    public void A_graph_that_does_not_fit_its_metadata_is_refused()
    {
        string path = Path.Combine(Fixtures.NewTempFolder(), "model.pnmi");
        _trained.Classifier.ExportInferenceModel(path, PneumoniaWeightPrecision.Float32);
        InferenceModel model = InferenceModelFile.Read(File.ReadAllBytes(path), path);
        InferenceModelFile.Write(path, model with { ImageSize = model.ImageSize + 8 });

        var refused = Assert.Throws<InvalidModelFileException>(() => PneumoniaPredictor.Load(path));
        Assert.Contains("does not take \"rgb\"", refused.Message);
    }

    /// <summary>As many ONNX Runtime threads as the full package's engines use (libtorch's count).</summary>
    private static PneumoniaPredictorOptions SameThreads() => new() { Threads = get_num_threads() };

    /// <summary>Every committed fixture X-ray, one by one and as a batch, and the labelled test folder evaluated in detail.</summary>
    private static void AssertSameAnswers(PneumoniaClassifier classifier, PneumoniaPredictor predictor)
    {
        string[] images = [.. Directory.GetFiles(Fixtures.SampleRoot, "*.jpeg", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];
        Assert.True(images.Length >= 80);
        IReadOnlyList<PneumoniaPrediction> expected = classifier.Predict(images), actual = predictor.Predict(images);
        Assert.Equal(expected, actual);
        Assert.Contains(actual, p => p.IsPneumonia);
        Assert.Contains(actual, p => !p.IsPneumonia);
        foreach (string image in images.Take(4)) Assert.Equal(classifier.Predict(image), predictor.Predict(image));
        byte[] bytes = File.ReadAllBytes(images[0]);
        Assert.Equal(classifier.Predict(bytes), predictor.Predict(bytes));

        Assert.Equal(classifier.Evaluate(Fixtures.SampleRoot), predictor.Evaluate(Fixtures.SampleRoot));
        var options = new PneumoniaEvaluationOptions { BootstrapResamples = 200 };
        PneumoniaEvaluation full = classifier.EvaluateDetailed(Fixtures.SampleRoot, options), inference = predictor.EvaluateDetailed(Fixtures.SampleRoot, options);
        Assert.Equal(full.Metrics, inference.Metrics);
        Assert.Equal(full.Intervals, inference.Intervals);
        Assert.Equal(full.ThresholdOrigin, inference.ThresholdOrigin);
        Assert.Equal(full.RocCurve, inference.RocCurve);
        Assert.Equal(full.Calibration.BrierScore, inference.Calibration.BrierScore);
        Assert.Equal(full.Images, inference.Images);
    }
}
