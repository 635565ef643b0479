namespace Pneumonia.Samples.Tests.WebApi;

/// <summary>Without a loadable model the API does not start: it exits with 1 and one line saying what to configure.</summary>
public sealed class StartupTests
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

    private static SampleApp.Result Start(params string[] arguments) =>
        SampleApp.Run(SampleApp.WebApi, ["--urls", "http://127.0.0.1:0", .. arguments]);
}
