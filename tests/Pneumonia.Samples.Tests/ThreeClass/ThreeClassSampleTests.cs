using System.Net;
using System.Text.Json;
using Pneumonia.ML;
using Pneumonia.Samples.Tests.WebApi;

namespace Pneumonia.Samples.Tests.ThreeClass;

/// <summary>
/// One <c>pneumonia train --classes NormalBacterialViral</c> run on the bundled sample (CompactCnn, 64 px, 2 epochs), and
/// its <c>pneumonia export-inference</c> (int8) for the web API.
/// </summary>
public sealed class ThreeClassModelFixture
{
    public ThreeClassModelFixture()
    {
        string folder = SampleData.NewTempFolder();
        ModelPath = Path.Combine(folder, "three-class.model");
        Training = SampleApp.Run(SampleApp.Cli, "train", "--data", SampleData.Root, "--output", ModelPath, "--classes", "normalbacterialviral",
            "--architecture", "compactcnn", "--epochs", "2", "--image-size", "64", "--batch-size", "16", "--seed", "2");
        InferenceModelPath = Path.Combine(folder, "exported", "three-class.pnmi");
        Export = SampleApp.Run(SampleApp.Cli, "export-inference", "--model", ModelPath, "--output", InferenceModelPath);
    }

    public string ModelPath { get; }

    public SampleApp.Result Training { get; }

    /// <summary>The inference model file (.pnmi) the web API serves.</summary>
    public string InferenceModelPath { get; }

    public SampleApp.Result Export { get; }
}

/// <summary>The CLI and the web API with a three-class model (NORMAL / BACTERIAL / VIRAL): the class and every class's probability.</summary>
public sealed class ThreeClassSampleTests(ThreeClassModelFixture three) : IClassFixture<ThreeClassModelFixture>
{
    private static string Viral => Directory.GetFiles(Path.Combine(SampleData.Root, "test", "PNEUMONIA"), "*virus*").Order(StringComparer.Ordinal).First();

    [Fact]
    public void Train_with_classes_writes_a_three_class_model()
    {
        Assert.True(three.Training.ExitCode == 0, three.Training.Error);
        using PneumoniaClassifier model = PneumoniaClassifier.Load(three.ModelPath);
        Assert.Equal(["BACTERIAL", "NORMAL", "VIRAL"], model.Classes);
    }

    [Fact]
    public void Predict_adds_the_class_and_every_class_probability_columns()
    {
        SampleApp.Result run = SampleApp.Run(SampleApp.Cli, "predict", "--model", three.ModelPath, Viral);

        Assert.True(run.ExitCode == 0, run.Error);
        string[] columns = run.Output.Trim().Split('\t');
        Assert.Equal(5, columns.Length);
        using PneumoniaClassifier model = PneumoniaClassifier.Load(three.ModelPath);
        PneumoniaPrediction expected = model.Predict(Viral);
        Assert.Equal(expected.ClassLabel, columns[3]);
        Assert.StartsWith("BACTERIAL=", columns[4]);
        Assert.Contains(",NORMAL=", columns[4]);
        Assert.Contains(",VIRAL=", columns[4]);
    }

    [Fact]
    public void Evaluate_prints_the_class_table_and_the_three_by_three_matrix()
    {
        SampleApp.Result run = SampleApp.Run(SampleApp.Cli, "evaluate", "--model", three.ModelPath, "--data", SampleData.Root);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("micro accuracy", run.Output);
        Assert.Contains("One-vs-rest AUC", run.Output);
        Assert.Contains("Called VIRAL", run.Output);
    }

    [Fact]
    public void Export_inference_writes_a_three_class_inference_model_that_predicts_as_the_int8_engine()
    {
        Assert.True(three.Export.ExitCode == 0, three.Export.Error);
        Assert.Contains($"Wrote {three.InferenceModelPath}", three.Export.Output);
        using PneumoniaPredictor predictor = PneumoniaPredictor.Load(three.InferenceModelPath);
        using PneumoniaClassifier classifier = PneumoniaClassifier.Load(three.ModelPath,
            new PneumoniaInferenceOptions { Engine = PneumoniaInferenceEngine.OnnxRuntimeInt8 });
        Assert.True(predictor.IsMulticlass);
        Assert.Equal(["BACTERIAL", "NORMAL", "VIRAL"], predictor.Classes);
        Assert.Equal(classifier.ClassesDescription, predictor.ClassesDescription);
        PneumoniaPrediction expected = classifier.Predict(Viral), actual = predictor.Predict(Viral);
        Assert.Equal(expected.ClassLabel, actual.ClassLabel);
        for (int c = 0; c < 3; c++) Assert.Equal(expected.ClassProbabilities[c], actual.ClassProbabilities[c], 1e-5);
    }

    [Fact]
    public async Task The_web_api_answers_the_class_and_every_class_probability_of_a_three_class_inference_model()
    {
        await using WebApiFactory factory = WebApiFactory.WithModel(three.InferenceModelPath);
        using HttpClient client = factory.CreateClient();
        using HttpContent content = Uploads.Raw(await File.ReadAllBytesAsync(Viral));
        using HttpResponseMessage response = await client.PostAsync("/predict", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using JsonDocument json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        using PneumoniaPredictor model = PneumoniaPredictor.Load(three.InferenceModelPath);
        PneumoniaPrediction expected = model.Predict(Viral);
        Assert.Equal(expected.ClassLabel, json.RootElement.GetProperty("class").GetString());
        JsonElement probabilities = json.RootElement.GetProperty("classProbabilities");
        Assert.Equal(["BACTERIAL", "NORMAL", "VIRAL"], probabilities.EnumerateObject().Select(p => p.Name));
        for (int c = 0; c < 3; c++) Assert.Equal(expected.ClassProbabilities[c], probabilities.GetProperty(expected.Classes[c]).GetSingle());
        Assert.Equal(expected.Probability, json.RootElement.GetProperty("probability").GetSingle());
    }
}
