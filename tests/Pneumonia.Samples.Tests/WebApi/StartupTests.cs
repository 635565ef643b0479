namespace Pneumonia.Samples.Tests.WebApi;

/// <summary>Without a loadable model the API does not start: it exits with 1 and one line saying what to configure.</summary>
[Collection(TrainedModelCollection.Name)]
public sealed class StartupTests(TrainedModelFixture model)
{
    [Fact]
    public void Without_a_model_path_the_app_exits_naming_the_setting()
    {
        SampleApp.Result run = Start();

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Pneumonia.WebApi cannot start: no model file is configured", run.Error);
        Assert.Contains("Pneumonia__ModelPath", run.Error);
    }

    [Fact]
    public void With_a_missing_model_file_the_app_exits_naming_the_file()
    {
        string missing = Path.Combine(SampleData.NewTempFolder(), "missing.model");

        SampleApp.Result run = Start($"--Pneumonia:ModelPath={missing}");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"Pneumonia.WebApi cannot start: The model file '{missing}' cannot be loaded", run.Error);
    }

    [Fact]
    public void With_a_file_that_is_not_a_model_the_app_exits_naming_the_file()
    {
        string notAModel = SampleData.AllImages()[0];

        SampleApp.Result run = Start($"--Pneumonia:ModelPath={notAModel}");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"'{notAModel}' cannot be loaded: it is not a Pneumonia.ML model", run.Error);
    }

    [Theory]
    [InlineData("ImageSize", "0")]
    [InlineData("ImageSize", "100000")]
    [InlineData("Threshold", "\"NaN\"")]
    [InlineData("EnsembleSize", "1000000")]
    public void With_a_model_file_whose_field_is_out_of_range_the_app_exits_with_1_naming_the_field(string field, string json)
    {
        string bad = ModelFiles.WithField(model.ModelPath, field, System.Text.Json.Nodes.JsonNode.Parse(json));

        SampleApp.Result run = Start($"--Pneumonia:ModelPath={bad}");

        Assert.Equal(1, run.ExitCode);
        string line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"Pneumonia.WebApi cannot start: The model file '{bad}' cannot be loaded: its field {field}", line);
    }

    [Fact]
    public void With_a_named_pipe_a_device_or_a_folder_as_the_model_the_app_exits_with_1_saying_what_it_is()
    {
        foreach ((string path, string what) in new[]
                 {
                     (Pneumonia.Testing.SpecialFiles.NewFifo("pipe.model"), "named pipe"),
                     (Pneumonia.Testing.SpecialFiles.EndlessDevice, "device"),
                     (SampleData.NewTempFolder(), "is a folder"),
                 })
        {
            SampleApp.Result run = Start($"--Pneumonia:ModelPath={path}");

            Assert.Equal(1, run.ExitCode);
            Assert.Contains(what, Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        }
    }

    [Theory]
    [InlineData("MaxConcurrentPredictions", "0")]
    [InlineData("PredictionQueueLength", "-1")]
    [InlineData("MaxImagePixels", "0")]
    public void With_a_setting_out_of_range_the_app_exits_with_1_naming_it(string setting, string value)
    {
        SampleApp.Result run = Start($"--Pneumonia:ModelPath={model.ModelPath}", $"--Pneumonia:{setting}={value}");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"Pneumonia.WebApi cannot start: the setting Pneumonia:{setting} ({value})", run.Error);
    }

    private static SampleApp.Result Start(params string[] arguments) =>
        SampleApp.Run(SampleApp.WebApi, ["--urls", "http://127.0.0.1:0", .. arguments]);
}
