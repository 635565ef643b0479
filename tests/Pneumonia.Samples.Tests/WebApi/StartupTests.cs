using System.Net;
using System.Net.Http.Json;
using Pneumonia.ML;

namespace Pneumonia.Samples.Tests.WebApi;

/// <summary>
/// Without a model path the API serves the shipped model and logs it; with a model file it cannot load (a full .model
/// file among them) it does not start: it exits with 3 (1 for a setting out of range) and one line saying what is wrong.
/// </summary>
[Collection(TrainedModelCollection.Name)]
public sealed class StartupTests(TrainedModelFixture model)
{
    [Fact]
    public async Task Without_a_model_path_the_app_serves_the_shipped_model_and_logs_which_model_it_serves()
    {
        using RunningWebApi api = RunningWebApi.Start(modelPath: "", maxImageBytes: 10 * 1024 * 1024);
        // The first ResNet18 prediction on a loaded 2-core machine can take minutes: a guard against a hang, not a speed check.
        using var client = new HttpClient { BaseAddress = api.Address, Timeout = TimeSpan.FromMinutes(10) };
        string image = SampleData.AllImages()[0];

        using HttpResponseMessage ok = await client.PostAsync("/predict", Uploads.Raw(await File.ReadAllBytesAsync(image)));

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        PredictionAnswer? answer = await ok.Content.ReadFromJsonAsync<PredictionAnswer>();
        using PneumoniaPredictor shipped = PneumoniaPredictor.LoadDefault();
        Assert.Equal(shipped.Predict(image).Probability, answer!.Probability);
        Assert.Equal(shipped.Threshold, answer.Threshold);
        Assert.Contains(api.Log, line => line.Contains("Serving the model shipped in Pneumonia.ML.Inference", StringComparison.Ordinal)
            && line.Contains("classes NORMAL, PNEUMONIA", StringComparison.Ordinal));
    }

    [Fact]
    public void With_a_missing_model_file_the_app_exits_naming_the_file()
    {
        string missing = Path.Combine(SampleData.NewTempFolder(), "missing.model");

        SampleApp.Result run = Start($"--Pneumonia:ModelPath={missing}");

        Assert.Equal(3, run.ExitCode);
        Assert.Contains($"Pneumonia.WebApi cannot start: The model file '{missing}' cannot be loaded", run.Error);
    }

    [Fact]
    public void With_a_file_that_is_not_a_model_the_app_exits_naming_the_file()
    {
        string notAModel = SampleData.AllImages()[0];

        SampleApp.Result run = Start($"--Pneumonia:ModelPath={notAModel}");

        Assert.Equal(3, run.ExitCode);
        Assert.Contains($"'{notAModel}' cannot be loaded: it is not a Pneumonia.ML inference model file", run.Error);
    }

    [Fact]
    public void With_a_full_model_file_the_app_exits_with_3_and_the_command_that_converts_it()
    {
        SampleApp.Result run = Start($"--Pneumonia:ModelPath={model.FullModelPath}");

        Assert.Equal(3, run.ExitCode);
        string line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"Pneumonia.WebApi cannot start: The model file '{model.FullModelPath}' is a full Pneumonia.ML model", line);
        Assert.Contains($"pneumonia export-inference --model {model.FullModelPath} --output {Path.ChangeExtension(model.FullModelPath, ".pnmi")}", line);
    }

    [Theory]
    [InlineData("ImageSize", "0")]
    [InlineData("ImageSize", "100000")]
    [InlineData("Threshold", "\"NaN\"")]
    [InlineData("Classes", "[\"NORMAL\", \"PNEUMONIA\", \"VIRAL\"]")]
    public void With_a_model_file_whose_field_is_out_of_range_the_app_exits_with_3_naming_the_field(string field, string json)
    {
        string bad = ModelFiles.WithField(model.ModelPath, field, System.Text.Json.Nodes.JsonNode.Parse(json));

        SampleApp.Result run = Start($"--Pneumonia:ModelPath={bad}");

        Assert.Equal(3, run.ExitCode);
        string line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"Pneumonia.WebApi cannot start: The model file '{bad}' cannot be loaded: its field {field}", line);
    }

    [Fact]
    public void With_a_named_pipe_a_device_or_a_folder_as_the_model_the_app_exits_with_3_saying_what_it_is()
    {
        foreach ((string path, string what) in new[]
                 {
                     (Pneumonia.Testing.SpecialFiles.NewFifo("pipe.model"), "named pipe"),
                     (Pneumonia.Testing.SpecialFiles.EndlessDevice, "device"),
                     (SampleData.NewTempFolder(), "is a folder"),
                 })
        {
            SampleApp.Result run = Start($"--Pneumonia:ModelPath={path}");

            Assert.Equal(3, run.ExitCode);
            Assert.Contains(what, Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        }
    }

    [Theory]
    [InlineData("MaxConcurrentPredictions", "0")]
    [InlineData("PredictionQueueLength", "-1")]
    [InlineData("MaxImagePixels", "0")]
    [InlineData("InferenceThreads", "-1")]
    public void With_a_setting_out_of_range_the_app_exits_with_1_naming_it(string setting, string value)
    {
        SampleApp.Result run = Start($"--Pneumonia:ModelPath={model.ModelPath}", $"--Pneumonia:{setting}={value}");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"Pneumonia.WebApi cannot start: the setting Pneumonia:{setting} ({value})", run.Error);
    }

    private static SampleApp.Result Start(params string[] arguments) =>
        SampleApp.Run(SampleApp.WebApi, ["--urls", "http://127.0.0.1:0", .. arguments]);
}
