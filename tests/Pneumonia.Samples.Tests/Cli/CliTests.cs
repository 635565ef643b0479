using System.Globalization;
using System.Text.Json;
using Pneumonia.ML;

namespace Pneumonia.Samples.Tests.Cli;

/// <summary>samples/Pneumonia.Cli run as a process, as a script would: exit codes, JSON, report files, plain output.</summary>
[Collection(CliTrainedModelCollection.Name)]
public sealed class CliTests(CliTrainedModelFixture cli)
{
    [Fact]
    public void Train_writes_a_loadable_model_and_prints_plain_epoch_lines_when_redirected()
    {
        Assert.True(cli.Training.ExitCode == 0, cli.Training.Error);
        using PneumoniaClassifier model = PneumoniaClassifier.Load(cli.ModelPath);
        Assert.Equal(96, model.ImageSize);
        Assert.Equal(PneumoniaArchitecture.ArticleCnn, model.Architecture);
        for (int epoch = 1; epoch <= 4; epoch++)
            Assert.Contains($"Epoch {epoch}/4 - ", cli.Training.Output);
        AssertPlain(cli.Training.Output);
    }

    [Fact]
    public void Evaluate_json_prints_the_library_metrics_under_camelCase_names()
    {
        SampleApp.Result run = SampleApp.Run(SampleApp.Cli, "evaluate", "--model", cli.ModelPath, "--data", SampleData.Root, "--json");

        Assert.True(run.ExitCode == 0, run.Error);
        using PneumoniaClassifier model = PneumoniaClassifier.Load(cli.ModelPath);
        PneumoniaMetrics expected = model.Evaluate(SampleData.Root);
        using JsonDocument json = JsonDocument.Parse(run.Output);
        JsonElement root = json.RootElement;
        Assert.Equal(expected.Count, root.GetProperty("count").GetInt32());
        Assert.Equal(expected.Accuracy, root.GetProperty("accuracy").GetDouble());
        Assert.Equal(expected.Sensitivity, root.GetProperty("sensitivity").GetDouble());
        Assert.Equal(expected.Specificity, root.GetProperty("specificity").GetDouble());
        Assert.Equal(expected.Auc, root.GetProperty("auc").GetDouble());
        Assert.Equal(expected.ConfusionMatrix.TruePositives, root.GetProperty("confusionMatrix").GetProperty("truePositives").GetInt32());
        foreach (string name in new[] { "precision", "negativePredictiveValue", "f1", "logLoss", "threshold" })
            Assert.True(root.TryGetProperty(name, out _), name);
    }

    [Fact]
    public void Evaluate_prints_tables_without_ANSI_escapes_when_redirected()
    {
        SampleApp.Result run = SampleApp.Run(SampleApp.Cli, "evaluate", "--model", cli.ModelPath, "--data", SampleData.Root);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("Sensitivity", run.Output);
        Assert.Contains("Confusion matrix", run.Output);
        AssertPlain(run.Output);
    }

    [Fact]
    public void Evaluate_report_writes_metrics_json_the_html_report_and_one_csv_row_per_test_image()
    {
        string report = Path.Combine(SampleData.NewTempFolder(), "report");

        SampleApp.Result run = SampleApp.Run(SampleApp.Cli, "evaluate", "--model", cli.ModelPath, "--data", SampleData.Root, "--report", report);

        Assert.True(run.ExitCode == 0, run.Error);
        using JsonDocument metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(report, "metrics.json")));
        Assert.Equal(20, metrics.RootElement.GetProperty("count").GetInt32());
        Assert.Contains("<html", File.ReadAllText(Path.Combine(report, "report.html")));
        string[] rows = File.ReadAllLines(Path.Combine(report, "predictions.csv"));
        Assert.Equal("path,label,probability,prediction,patient", rows[0]);
        Assert.Equal(21, rows.Length);
        using PneumoniaClassifier model = PneumoniaClassifier.Load(cli.ModelPath);
        foreach (string row in rows.Skip(1))
        {
            string[] fields = row.Split(',');
            Assert.Contains($"{Path.DirectorySeparatorChar}test{Path.DirectorySeparatorChar}{fields[1]}{Path.DirectorySeparatorChar}", fields[0]);
            PneumoniaPrediction expected = model.Predict(fields[0]);
            // The report scores in batches: equal to float rounding, not bit for bit.
            Assert.Equal(expected.Probability, float.Parse(fields[2], CultureInfo.InvariantCulture), 1e-5f);
            if (Math.Abs(expected.Probability - expected.Threshold) > 1e-4) Assert.Equal(expected.Label, fields[3]);
        }
    }

    [Fact]
    public void Predict_prints_path_label_probability_per_image_and_exits_2_for_a_missing_one()
    {
        string[] images = [Path.Combine(SampleData.Test, "NORMAL", "IM-0228-0001.jpeg"),
            Path.Combine(SampleData.Test, "PNEUMONIA", "person1238_bacteria_3194.jpeg")];
        string missing = Path.Combine(SampleData.Root, "missing.jpeg");

        SampleApp.Result run = SampleApp.Run(SampleApp.Cli, ["predict", "--model", cli.ModelPath, images[0], missing, images[1]]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(missing, run.Error);
        using PneumoniaClassifier model = PneumoniaClassifier.Load(cli.ModelPath);
        string[] expected = images.Select(i => model.Predict(i))
            .Select((p, n) => string.Create(CultureInfo.InvariantCulture, $"{images[n]}\t{p.Label}\t{p.Probability:F4}")).ToArray();
        Assert.Equal(expected, run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Predict_on_the_int8_engine_prints_what_the_library_predicts_on_it()
    {
        string image = Path.Combine(SampleData.Test, "PNEUMONIA", "person1238_bacteria_3194.jpeg");

        SampleApp.Result run = SampleApp.Run(SampleApp.Cli, ["predict", "--model", cli.ModelPath, "--engine", "onnxruntimeint8", image]);

        Assert.True(run.ExitCode == 0, run.Error);
        using PneumoniaClassifier model = PneumoniaClassifier.Load(cli.ModelPath,
            new PneumoniaInferenceOptions { Engine = PneumoniaInferenceEngine.OnnxRuntimeInt8 });
        PneumoniaPrediction p = model.Predict(image);
        Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"{image}\t{p.Label}\t{p.Probability:F4}"), run.Output.Trim());
    }

    [Fact]
    public void An_unknown_engine_exits_1_listing_the_valid_ones()
    {
        SampleApp.Result run = SampleApp.Run(SampleApp.Cli, "predict", "--model", cli.ModelPath, "--engine", "tensorrt", "x.jpeg");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Unknown engine 'tensorrt'", run.Error);
        foreach (string name in Enum.GetNames<PneumoniaInferenceEngine>()) Assert.Contains(name, run.Error);
    }

    [Fact]
    public void An_unknown_architecture_exits_1_listing_the_valid_ones()
    {
        SampleApp.Result run = SampleApp.Run(SampleApp.Cli, "train", "--data", SampleData.Root, "--output", "x.model", "--architecture", "vgg16");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Unknown architecture 'vgg16'", run.Error);
        foreach (string name in Enum.GetNames<PneumoniaArchitecture>()) Assert.Contains(name, run.Error);
        Assert.Equal("", run.Output);
    }

    [Fact]
    public void A_missing_model_file_exits_3_naming_it()
    {
        string missing = Path.Combine(SampleData.NewTempFolder(), "none.model");

        SampleApp.Result run = SampleApp.Run(SampleApp.Cli, "evaluate", "--model", missing, "--data", SampleData.Root);

        Assert.Equal(3, run.ExitCode);
        Assert.Contains(missing, run.Error);
    }

    [Fact]
    public void A_folder_without_class_folders_exits_2_naming_it()
    {
        string empty = SampleData.NewTempFolder();

        SampleApp.Result run = SampleApp.Run(SampleApp.Cli, "evaluate", "--model", cli.ModelPath, "--data", empty);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(empty, run.Error);
    }

    /// <summary>Redirected output: no ANSI escape sequences, no carriage returns from progress-bar redraws.</summary>
    private static void AssertPlain(string output)
    {
        Assert.DoesNotContain('\u001b', output);
        Assert.DoesNotContain('\r', output);
    }
}
