using Onnx;
using Pneumonia.ML.Onnx;

namespace Pneumonia.ML.Tests;

/// <summary>
/// A three-class model runs on every engine with an N-way output (ONNX float and int8 agree with TorchSharp), exports
/// class outputs to ONNX, and explains any class with Grad-CAM.
/// </summary>
[Collection(ThreeClassCollection.Name)]
public class ThreeClassEngineTests(ThreeClassFixture fixture)
{
    private static readonly string[] Images =
        [.. Fixtures.Images(Fixtures.SampleTest, "NORMAL").Take(3), .. Fixtures.Images(Fixtures.SampleTest, "PNEUMONIA").Skip(7)];

    private string SavedModel()
    {
        string path = Path.Combine(Fixtures.NewTempFolder(), "three.pnm");
        fixture.Classifier.Save(path);
        return path;
    }

    [Theory]
    [InlineData(PneumoniaInferenceEngine.OnnxRuntime, 1e-4)]
    [InlineData(PneumoniaInferenceEngine.OnnxRuntimeInt8, 0.08)]
    public void The_onnx_engines_answer_every_class_as_torchsharp_does(PneumoniaInferenceEngine engine, double tolerance)
    {
        using PneumoniaClassifier onnx = PneumoniaClassifier.Load(SavedModel(), new PneumoniaInferenceOptions { Engine = engine });
        IReadOnlyList<PneumoniaPrediction> expected = fixture.Classifier.Predict(Images);
        IReadOnlyList<PneumoniaPrediction> actual = onnx.Predict(Images);

        for (int i = 0; i < Images.Length; i++)
        {
            Assert.Equal(3, actual[i].ClassProbabilities.Count);
            for (int c = 0; c < 3; c++) Assert.Equal(expected[i].ClassProbabilities[c], actual[i].ClassProbabilities[c], tolerance);
            Assert.Equal(1 - actual[i].ClassProbabilities[1], actual[i].Probability, 1e-5);
        }
    }

    [Fact]
    public void The_exported_graph_has_class_logits_and_class_probabilities()
    {
        ModelProto graph = OnnxExport.Build(fixture.Classifier.Network, fixture.Classifier.ImageSize);
        string[] outputs = graph.Graph.Output.Select(o => o.Name).ToArray();
        Assert.Equal([OnnxExport.OutputName, OnnxExport.LogitName, OnnxExport.FeaturesName, OnnxExport.ClassLogitsName, OnnxExport.ClassProbabilitiesName], outputs);

        string path = Path.Combine(Fixtures.NewTempFolder(), "three.onnx");
        fixture.Classifier.ExportOnnx(path, PneumoniaWeightPrecision.Int8);
        Assert.True(new FileInfo(path).Length > 0);
    }

    [Fact]
    public void Grad_cam_explains_the_predicted_class_or_any_class_asked_for()
    {
        string image = Images[^1];
        PneumoniaExplanation predicted = fixture.Classifier.Explain(image);
        Assert.Equal(predicted.Prediction.ClassIndex, predicted.ExplainedClass);
        Assert.Equal(fixture.Classifier.Predict(image).ClassProbabilities, predicted.Prediction.ClassProbabilities.Select(p => p), new ToleranceComparer(1e-5f));

        var heats = Enumerable.Range(0, 3).Select(c => fixture.Classifier.Explain(image, c)).ToArray();
        Assert.Equal([0, 1, 2], heats.Select(h => h.ExplainedClass));
        Assert.Equal(["BACTERIAL", "NORMAL", "VIRAL"], heats.Select(h => h.ExplainedClassLabel));
        Assert.All(heats, h => Assert.InRange(h.Heatmap.Max(), 0, 1));
        Assert.NotEqual(heats[0].Heatmap, heats[1].Heatmap);
        Assert.True(heats[2].ToPng().Length > 1000);
        Assert.Throws<ArgumentOutOfRangeException>(() => fixture.Classifier.Explain(image, 3));
    }

    private sealed class ToleranceComparer(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(float obj) => 0;
    }
}
