using System.Globalization;

namespace Pneumonia.Samples.Tests.MLNet;

/// <summary>
/// samples/Pneumonia.MLNet run as processes: the first trains, evaluates with ML.NET, saves with mlContext.Model.Save
/// and writes its prediction engine's answers; a second, new process loads the zip with mlContext.Model.Load and must
/// answer identically (the ML.NET component catalog finds the transformer from the assembly named in the zip).
/// </summary>
public sealed class MLNetSampleTests
{
    [Fact]
    public void The_sample_trains_and_evaluates_and_a_new_process_loads_its_saved_model_and_predicts_identically()
    {
        string folder = SampleData.NewTempFolder();
        string model = Path.Combine(folder, "pneumonia.zip");
        string predictions = Path.Combine(folder, "predictions.tsv");

        SampleApp.Result run = SampleApp.Run(SampleApp.MLNet, SampleData.Root, "--model", model, "--predictions", predictions);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("Epoch 3/3", run.Output);
        Assert.Contains("Confusion table", run.Output);
        Assert.Contains("The shipped model, without training", run.Output);
        Assert.Contains("Accuracy: 100", run.Output[run.Output.IndexOf("The shipped model", StringComparison.Ordinal)..]); // "100.00 %" or "100.00%", by culture
        string[] before = File.ReadAllLines(predictions);
        Assert.Equal(SampleData.AllImages().Count(path => path.Contains($"{Path.DirectorySeparatorChar}test{Path.DirectorySeparatorChar}", StringComparison.Ordinal)), before.Length);

        SampleApp.Result score = SampleApp.Run(SampleApp.MLNet, "score", model, SampleData.Test);

        Assert.True(score.ExitCode == 0, score.Error);
        string[] after = score.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(before, after); // file, probability, score (round-trip formatted) and decision, bit for bit
        foreach (string line in after)
        {
            string[] fields = line.Split('\t');
            float probability = float.Parse(fields[1], CultureInfo.InvariantCulture), margin = float.Parse(fields[2], CultureInfo.InvariantCulture);
            Assert.InRange(probability, 0f, 1f);
            Assert.Equal(fields[3] == "1", margin > 0);
        }
    }
}
