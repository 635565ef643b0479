using Pneumonia.ML.Persistence;
using static TorchSharp.torch;

namespace Pneumonia.ML.Tests;

/// <summary>
/// A three-class model exported for the inference package (<c>.pnmi</c>, format version 2) keeps its classes: the
/// predictor answers every class as the full package's ONNX Runtime engine does for the same model, and class names that
/// contradict the graph are refused naming the file and the field.
/// </summary>
[Collection(ThreeClassCollection.Name)]
public class ThreeClassInferenceModelTests(ThreeClassFixture fixture)
{
    [Theory]
    [InlineData(PneumoniaWeightPrecision.Float32, PneumoniaInferenceEngine.OnnxRuntime)]
    [InlineData(PneumoniaWeightPrecision.Int8, PneumoniaInferenceEngine.OnnxRuntimeInt8)]
    public void The_predictor_answers_every_class_as_the_full_package_onnx_engine(PneumoniaWeightPrecision precision, PneumoniaInferenceEngine engine)
    {
        string path = Path.Combine(Fixtures.NewTempFolder(), "three.pnmi");
        fixture.Classifier.ExportInferenceModel(path, precision);
        using var saved = new MemoryStream();
        fixture.Classifier.Save(saved);
        saved.Position = 0;
        using PneumoniaClassifier classifier = PneumoniaClassifier.Load(saved, new PneumoniaInferenceOptions { Engine = engine });
        using PneumoniaPredictor predictor = PneumoniaPredictor.Load(path, new PneumoniaPredictorOptions { Threads = get_num_threads() });

        Assert.Equal(2, BitConverter.ToInt32(File.ReadAllBytes(path), 8)); // the format version: 2, with classes
        Assert.True(predictor.IsMulticlass);
        Assert.Equal(["BACTERIAL", "NORMAL", "VIRAL"], predictor.Classes);
        Assert.Equal(classifier.Classes, predictor.Classes);
        Assert.Equal(classifier.ClassesDescription, predictor.ClassesDescription);
        Assert.Equal(classifier.Threshold, predictor.Threshold);

        string[] images = [.. Directory.GetFiles(Fixtures.SampleRoot, "*.jpeg", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];
        IReadOnlyList<PneumoniaPrediction> expected = classifier.Predict(images), actual = predictor.Predict(images);
        for (int i = 0; i < images.Length; i++)
        {
            Assert.Equal(expected[i].ClassLabel, actual[i].ClassLabel);
            Assert.Equal(expected[i].ClassIndex, actual[i].ClassIndex);
            Assert.Equal(expected[i].Classes, actual[i].Classes);
            Assert.Equal(3, actual[i].ClassProbabilities.Count);
            for (int c = 0; c < 3; c++) Assert.Equal(expected[i].ClassProbabilities[c], actual[i].ClassProbabilities[c], 1e-6);
            Assert.Equal(expected[i].Probability, actual[i].Probability, 1e-6);
            Assert.Equal(expected[i].Label, actual[i].Label);
        }
        // Not every image the same class: the comparison above covers more than one answer.
        Assert.True(actual.Select(p => p.ClassIndex).Distinct().Count() > 1);
        PneumoniaPrediction single = predictor.Predict(images[^1]);
        Assert.Equal(actual[^1].ClassProbabilities, single.ClassProbabilities, new Tolerance(1e-5f));
    }

    [Theory]
    [InlineData(new[] { "A", "B", "C", "D" }, "does not fit its ONNX graph, whose \"class_logits\" output has 3 columns")]
    [InlineData(new[] { "BACTERIAL", "NORMAL" }, "does not fit its ONNX graph, whose \"class_logits\" output has 3 columns")]
    [InlineData(new[] { "VIRAL", "NORMAL", "BACTERIAL" }, "is not a sorted list of distinct names")]
    [InlineData(new[] { "NORMAL" }, "is a class count outside 2–1000")]
    public void Class_names_that_contradict_the_graph_or_break_the_rules_are_refused_naming_the_file_and_the_field(string[] classes, string problem)
    {
        string path = Path.Combine(Fixtures.NewTempFolder(), "three.pnmi");
        fixture.Classifier.ExportInferenceModel(path, PneumoniaWeightPrecision.Float32);
        InferenceModel model = InferenceModelFile.Read(File.ReadAllBytes(path), path);
        InferenceModelFile.Write(path, model with { Classes = classes });

        var refused = Assert.Throws<InvalidModelFileException>(() => PneumoniaPredictor.Load(path));
        Assert.Equal(path, refused.Path);
        Assert.Contains("its field Classes", refused.Message);
        Assert.Contains(problem, refused.Message);
    }

    private sealed class Tolerance(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(float obj) => 0;
    }
}
