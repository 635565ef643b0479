using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using Pneumonia.ML.Data;
using Pneumonia.ML.Engines;
using Pneumonia.ML.Models;
using Pneumonia.ML.Native;
using Pneumonia.ML.Onnx;
using Pneumonia.ML.Persistence;
using Pneumonia.ML.Quantization;
using static TorchSharp.torch;
using ModelMetadata = Pneumonia.ML.Persistence.ModelMetadata;

namespace Pneumonia.ML.Tests;

/// <summary>The ONNX Runtime engines compute what TorchSharp computes (float) or stay close to it (int8).</summary>
[Collection(TrainedClassifierCollection.Name)]
public class OnnxEngineTests
{
    private readonly TrainedClassifierFixture _trained;

    public OnnxEngineTests(TrainedClassifierFixture trained) => _trained = trained;

    [Theory]
    [InlineData(PneumoniaArchitecture.ArticleCnn, 150)]
    [InlineData(PneumoniaArchitecture.CompactCnn, 64)]
    [InlineData(PneumoniaArchitecture.ResNet18, 224)]
    [InlineData(PneumoniaArchitecture.ResNet18, 65)] // odd sides: CNTK's asymmetric padding at every stride-2 layer
    public void The_exported_graph_gives_the_probabilities_of_the_network(PneumoniaArchitecture architecture, int imageSize)
    {
        TorchRuntime.EnsureLoaded();
        using var network = NetworkFactory.Create(architecture, imageSize, seed: 3, pretrained: architecture == PneumoniaArchitecture.ResNet18);
        network.eval();
        RandomiseNormStatistics(network);
        var random = new Random(5);
        byte[][] pixels = Enumerable.Range(0, 3).Select(_ =>
        {
            var image = new byte[3 * imageSize * imageSize];
            random.NextBytes(image);
            return image;
        }).ToArray();

        float[] expected;
        using (var scope = NewDisposeScope())
            expected = Scorer.Probabilities(network, TensorBatch.Images(pixels, imageSize));
        using var onnx = OnnxEngines.Create(OnnxExport.Build(network, imageSize), imageSize);
        float[] actual = Scorer.Sigmoid(onnx.Logits(pixels, batchSize: 2));

        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 1e-5f);
        Assert.Contains(expected, p => p is > 0.01f and < 0.99f); // not a comparison of saturated outputs
    }

    [Fact]
    public void The_int8_graph_runs_on_integer_kernels()
    {
        using PneumoniaClassifier shipped = PneumoniaClassifier.LoadDefault();
        ModelProto graph = OnnxExport.Build(shipped.Network, shipped.ImageSize);
        var images = shipped.Preprocessor.Decode(OnnxCalibration.FolderImages(Fixtures.SampleTrain));
        ModelProto quantized = QdqQuantizer.Quantize(graph, OnnxCalibration.Measure(graph, shipped.ImageSize, images.Pixels));

        // What ONNX Runtime makes of it: every conv fused with its quantize/dequantize pairs into QLinearConv.
        string optimized = Path.Combine(Fixtures.NewTempFolder(), "optimized.onnx");
        using (var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_EXTENDED, OptimizedModelFilePath = optimized })
        using (new InferenceSession(quantized.ToByteArray(), options)) { }
        var ops = ModelProto.Parser.ParseFromFile(optimized).Graph.Node.Select(n => n.OpType).ToList();
        Assert.Equal(graph.Graph.Node.Count(n => n.OpType == "Conv"), ops.Count(op => op == "QLinearConv"));
        Assert.DoesNotContain("Conv", ops);
        Assert.Contains("QLinearAdd", ops);
    }

    [Fact]
    public void The_shipped_model_predicts_alike_on_every_engine()
    {
        string[] images = Directory.GetFiles(Fixtures.SampleTest, "*", SearchOption.AllDirectories).Where(ImageFolder.IsImageFile).Order().ToArray();
        var probabilities = new Dictionary<PneumoniaInferenceEngine, float[]>();
        foreach (var engine in Enum.GetValues<PneumoniaInferenceEngine>())
        {
            using PneumoniaClassifier classifier = PneumoniaClassifier.LoadDefault(new PneumoniaInferenceOptions { Engine = engine });
            Assert.Equal(engine, classifier.Engine);
            probabilities[engine] = classifier.Predict(images).Select(p => (float)p.Probability).ToArray();
            Assert.Equal(probabilities[engine][0], (float)classifier.Predict(File.ReadAllBytes(images[0])).Probability, 1e-6f);
            Assert.True(classifier.Evaluate(Fixtures.SampleTest).Auc > 0.9);
        }
        float[] torch = probabilities[PneumoniaInferenceEngine.TorchSharp];
        Assert.All(torch.Zip(probabilities[PneumoniaInferenceEngine.OnnxRuntime]), p => Assert.Equal(p.First, p.Second, 1e-5f));
        var int8 = probabilities[PneumoniaInferenceEngine.OnnxRuntimeInt8];
        Assert.All(torch.Zip(int8), p => Assert.Equal(p.First, p.Second, 0.1f));
        Assert.NotEqual(torch, int8); // quantized for real
    }

    [Fact]
    public void A_trained_model_keeps_its_calibration_through_save_and_load()
    {
        string path = Path.Combine(Fixtures.NewTempFolder(), "trained.pnm");
        _trained.Classifier.Save(path);
        using var int8 = PneumoniaClassifier.Load(path, new PneumoniaInferenceOptions { Engine = PneumoniaInferenceEngine.OnnxRuntimeInt8 });
        string image = Fixtures.Images(Fixtures.SampleTest, "PNEUMONIA")[0];
        Assert.Equal(_trained.Classifier.Predict(image).Probability, int8.Predict(image).Probability, 0.1);
    }

    [Fact]
    public void Int8_without_calibration_ranges_asks_for_a_folder_and_then_keeps_its_ranges()
    {
        string folder = Fixtures.NewTempFolder();
        string old = Path.Combine(folder, "old.pnm"), calibrated = Path.Combine(folder, "calibrated.pnm");
        using (var network = NetworkFactory.Create(PneumoniaArchitecture.CompactCnn, 64, seed: 1))
        using (var weights = new MemoryStream())
        {
            network.save(weights);
            ModelFile.Write(old, new ModelMetadata(PneumoniaArchitecture.CompactCnn, 64, 0.5, PneumoniaThresholdOrigin.Fixed(0.5), 1, [], 0, null, [], "old"), weights.ToArray());
        }
        var int8 = new PneumoniaInferenceOptions { Engine = PneumoniaInferenceEngine.OnnxRuntimeInt8 };

        var refused = Assert.Throws<InvalidOperationException>(() => PneumoniaClassifier.Load(old, int8));
        Assert.Contains(nameof(PneumoniaInferenceOptions.CalibrationFolder), refused.Message);
        Assert.Throws<InvalidOperationException>(() => { using var c = PneumoniaClassifier.Load(old); c.ExportOnnx(Path.Combine(folder, "x.onnx"), PneumoniaWeightPrecision.Int8); });
        Assert.False(File.Exists(Path.Combine(folder, "x.onnx")));

        int8.CalibrationFolder = Fixtures.SampleTrain;
        int8.CalibrationImageCount = 8;
        using (var classifier = PneumoniaClassifier.Load(old, int8)) classifier.Save(calibrated);
        using var reloaded = PneumoniaClassifier.Load(calibrated, new PneumoniaInferenceOptions { Engine = PneumoniaInferenceEngine.OnnxRuntimeInt8 });
        Assert.Equal(PneumoniaInferenceEngine.OnnxRuntimeInt8, reloaded.Engine);
    }

    [Fact]
    public void Bad_inference_options_are_refused_with_the_reason()
    {
        string model = Path.Combine(Fixtures.NewTempFolder(), "m.pnm");
        _trained.Classifier.Save(model);
        Assert.Throws<ArgumentException>(() => PneumoniaClassifier.Load(model, new PneumoniaInferenceOptions { CalibrationFolder = Fixtures.SampleTrain }));
        Assert.Throws<ArgumentOutOfRangeException>(() => PneumoniaClassifier.Load(model, new PneumoniaInferenceOptions
        {
            Engine = PneumoniaInferenceEngine.OnnxRuntimeInt8,
            CalibrationFolder = Fixtures.SampleTrain,
            CalibrationImageCount = 0,
        }));
        string missing = Path.Combine(Fixtures.NewTempFolder(), "nowhere");
        var e = Assert.Throws<InvalidDatasetException>(() => PneumoniaClassifier.Load(model, new PneumoniaInferenceOptions
        {
            Engine = PneumoniaInferenceEngine.OnnxRuntimeInt8,
            CalibrationFolder = missing,
        }));
        Assert.Contains("nowhere", e.Message);

        string broken = Fixtures.NewTempFolder();
        File.WriteAllText(Path.Combine(broken, "broken.jpeg"), "not an image");
        var bad = Assert.Throws<InvalidImageException>(() => PneumoniaClassifier.Load(model, new PneumoniaInferenceOptions
        {
            Engine = PneumoniaInferenceEngine.OnnxRuntimeInt8,
            CalibrationFolder = broken,
        }));
        Assert.Contains("broken.jpeg", bad.Message);
    }

    [Fact]
    public void ExportOnnx_writes_what_onnx_runtime_runs_to_the_classifier_probabilities()
    {
        string folder = Fixtures.NewTempFolder();
        string path = Path.Combine(folder, "model.onnx"), int8Path = Path.Combine(folder, "model-int8.onnx");
        PneumoniaClassifier classifier = _trained.Classifier;
        classifier.ExportOnnx(path);
        classifier.ExportOnnx(int8Path, PneumoniaWeightPrecision.Int8);
        Assert.True(new FileInfo(int8Path).Length < new FileInfo(path).Length / 2);

        string image = Fixtures.Images(Fixtures.SampleTest, "NORMAL")[0];
        byte[] pixels = classifier.Preprocessor.DecodeFile(image);
        var input = new float[pixels.Length];
        for (int i = 0; i < pixels.Length; i++) input[i] = pixels[i] / 255f;
        int size = classifier.ImageSize;
        foreach (string file in new[] { path, int8Path })
        {
            using var session = new InferenceSession(file);
            using var value = OrtValue.CreateTensorValueFromMemory(input, [1, 3, size, size]);
            using var outputs = session.Run(new RunOptions(), ["rgb"], [value], ["probability"]);
            float probability = outputs[0].GetTensorDataAsSpan<float>()[0];
            Assert.Equal(classifier.Predict(image).Probability, probability, file == path ? 1e-5 : 0.1);
        }
    }

    /// <summary>Batch norms with other statistics than 0 and 1, so that folding them into the convs is really tested.</summary>
    private static void RandomiseNormStatistics(nn.Module network)
    {
        using var noGrad = no_grad();
        var generator = new Generator(11);
        foreach (var norm in network.modules().OfType<TorchSharp.Modules.BatchNorm2d>())
        {
            norm.running_mean!.uniform_(-0.1, 0.1, generator);
            norm.running_var!.uniform_(0.5, 1.5, generator);
            norm.weight!.uniform_(0.8, 1.2, generator);
            norm.bias!.uniform_(-0.1, 0.1, generator);
        }
    }
}
