using System.Globalization;

namespace Pneumonia.Samples.Tests.MLNet;

/// <summary>
/// samples/Pneumonia.MLNet run as processes: the first trains, evaluates with ML.NET, saves with mlContext.Model.Save
/// and writes its prediction engine's answers; a second, new process loads the zip with mlContext.Model.Load and must
/// answer identically (the ML.NET component catalog finds the transformer from the assembly named in the zip). The
/// first run also trains the multi-class example (NORMAL / BACTERIAL / VIRAL through the MulticlassClassification catalog).
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
        AssertMulticlassExample(run.Output);
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

    /// <summary>
    /// The multi-class example: three classes in the key's order (first occurrence: the NORMAL folder is read first), a 3×3
    /// confusion table over every test image, and ML.NET's micro-accuracy equal to the library's own evaluation's.
    /// </summary>
    private static void AssertMulticlassExample(string output)
    {
        int start = output.IndexOf("Multi-class: NORMAL, BACTERIAL or VIRAL", StringComparison.Ordinal);
        Assert.True(start >= 0, output);
        string section = output[start..output.IndexOf("The shipped model, without training", start, StringComparison.Ordinal)];
        string[] lines = section.Split('\n', StringSplitOptions.TrimEntries);
        Assert.Contains("Classes: NORMAL, BACTERIAL, VIRAL (the key's order: the Score columns')", lines);

        // Confusion-table rows: "0.    NORMAL ||    10 |     0 |     0 | 1.0000".
        string[] rows = lines.Where(line => line.Length > 0 && char.IsDigit(line[0]) && line.Contains("||", StringComparison.Ordinal)).ToArray();
        Assert.Equal(["NORMAL", "BACTERIAL", "VIRAL"], rows.Select(row => row.Split("||")[0].Split('.', 2)[1].Trim()));
        int[][] counts = rows.Select(row => row.Split("||")[1].Split('|').Take(3).Select(cell => int.Parse(cell.Trim(), CultureInfo.InvariantCulture)).ToArray()).ToArray();
        int testImages = SampleData.AllImages().Count(path => path.Contains($"{Path.DirectorySeparatorChar}test{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
        Assert.Equal(testImages, counts.Sum(row => row.Sum()));

        string micro = Value(lines, "Micro-accuracy: ");
        Assert.InRange(double.Parse(micro, CultureInfo.InvariantCulture), 0, 1);
        Assert.Equal((double)counts.Select((row, c) => row[c]).Sum() / testImages, double.Parse(micro, CultureInfo.InvariantCulture), 4);
        Assert.Equal(micro, Value(lines, "PneumoniaClassifier.EvaluateClasses micro-accuracy: "));
        Assert.InRange(double.Parse(Value(lines, "Macro-accuracy: "), CultureInfo.InvariantCulture), 0, 1);
    }

    private static string Value(string[] lines, string prefix) =>
        Assert.Single(lines, line => line.StartsWith(prefix, StringComparison.Ordinal))[prefix.Length..];
}
