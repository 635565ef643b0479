using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Pneumonia.ML;

namespace Pneumonia.Samples.Tests.Cli;

/// <summary>
/// The CLI as a new user meets it: the shipped model without --model, folders as images, --format, operating points,
/// every training option, hostile files given as images, help without arguments, one exit-code table.
/// </summary>
[Collection(CliTrainedModelCollection.Name)]
public sealed class CliCommandLineTests(CliTrainedModelFixture cli)
{
    private static readonly string Normal = Path.Combine(SampleData.Test, "NORMAL", "IM-0228-0001.jpeg");

    [Fact]
    public void Predict_without_a_model_uses_the_shipped_model_and_says_so()
    {
        SampleApp.Result run = SampleApp.Run(SampleApp.Cli, "predict", Normal);

        Assert.True(run.ExitCode == 0, run.Error);
        using PneumoniaClassifier shipped = PneumoniaClassifier.LoadDefault();
        PneumoniaPrediction p = shipped.Predict(Normal);
        Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"{Normal}\t{p.Label}\t{p.Probability:F4}"), run.Output.Trim());
        Assert.Contains("Using the model shipped in Pneumonia.ML", run.Error);
    }

    [Fact]
    public void Evaluate_without_a_model_evaluates_the_shipped_model()
    {
        SampleApp.Result run = SampleApp.Run(SampleApp.Cli, "evaluate", "--data", SampleData.Root, "--json");

        Assert.True(run.ExitCode == 0, run.Error);
        using PneumoniaClassifier shipped = PneumoniaClassifier.LoadDefault();
        PneumoniaMetrics expected = shipped.Evaluate(SampleData.Root);
        using JsonDocument json = JsonDocument.Parse(run.Output);
        Assert.Equal(expected.Count, json.RootElement.GetProperty("count").GetInt32());
        Assert.Equal(expected.Auc, json.RootElement.GetProperty("auc").GetDouble(), 1e-9);
        Assert.Equal(expected.Threshold, json.RootElement.GetProperty("threshold").GetDouble());
    }

    [Fact]
    public void Predict_expands_a_folder_and_prints_json_or_csv_with_the_library_answers()
    {
        SampleApp.Result json = SampleApp.Run(SampleApp.Cli, "predict", "--model", cli.ModelPath, "--format", "json", SampleData.Test);
        SampleApp.Result csv = SampleApp.Run(SampleApp.Cli, "predict", "--model", cli.ModelPath, "--format", "csv", SampleData.Test);

        Assert.True(json.ExitCode == 0, json.Error);
        Assert.True(csv.ExitCode == 0, csv.Error);
        string[] images = Directory.GetFiles(SampleData.Test, "*.jpeg", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        using PneumoniaClassifier model = PneumoniaClassifier.Load(cli.ModelPath);
        using JsonDocument document = JsonDocument.Parse(json.Output);
        JsonElement[] answers = document.RootElement.EnumerateArray().ToArray();
        List<string[]> records = Csv.Parse(csv.Output);
        Assert.Equal("path,label,probability,threshold,unusual,unusual_reason,feature_distance,error", string.Join(',', records[0]));
        Assert.Equal(images, answers.Select(a => a.GetProperty("path").GetString()));
        Assert.Equal(images, records.Skip(1).Select(r => r[0]));
        for (int i = 0; i < images.Length; i++)
        {
            PneumoniaPrediction expected = model.Predict(images[i]);
            // Predicted in batches: equal to float rounding, not bit for bit.
            Assert.Equal(expected.Probability, answers[i].GetProperty("probability").GetSingle(), 1e-5f);
            Assert.Equal(expected.Probability, float.Parse(records[i + 1][2], CultureInfo.InvariantCulture), 1e-5f);
            Assert.Equal(expected.Threshold, answers[i].GetProperty("threshold").GetDouble());
            Assert.False(answers[i].GetProperty("unusualImage").GetBoolean() && expected.InputCheck.Reason is null);
        }
    }

    [Fact]
    public void Predict_names_a_pipe_and_a_device_given_as_images_exits_2_and_predicts_the_rest()
    {
        string fifo = Pneumonia.Testing.SpecialFiles.NewFifo("xray.jpeg");
        string device = Pneumonia.Testing.SpecialFiles.EndlessDevice;

        SampleApp.Result run = SampleApp.Run(SampleApp.Cli, "predict", "--model", cli.ModelPath, "--format", "json", fifo, Normal, device);

        Assert.Equal(2, run.ExitCode);
        string[] errors = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("error:", StringComparison.Ordinal)).ToArray();
        Assert.Contains(errors, e => e.Contains(fifo, StringComparison.Ordinal) && e.Contains("named pipe", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains(device, StringComparison.Ordinal) && e.Contains("device", StringComparison.Ordinal));
        using JsonDocument document = JsonDocument.Parse(run.Output);
        JsonElement[] answers = document.RootElement.EnumerateArray().ToArray();
        Assert.Equal([fifo, Normal, device], answers.Select(a => a.GetProperty("path").GetString()));
        Assert.True(answers[0].TryGetProperty("error", out _));
        Assert.True(answers[1].TryGetProperty("probability", out _));
        Assert.True(answers[2].TryGetProperty("error", out _));
    }

    [Fact]
    public void A_threshold_decides_the_labels_and_an_operating_point_the_model_lacks_exits_1_listing_what_it_has()
    {
        string pneumonia = Path.Combine(SampleData.Test, "PNEUMONIA", "person1238_bacteria_3194.jpeg");
        using PneumoniaClassifier model = PneumoniaClassifier.Load(cli.ModelPath);
        float probability = model.Predict(pneumonia).Probability;
        double above = Math.Min(0.999999, probability + 1e-3), below = Math.Max(1e-6, probability - 1e-3);

        SampleApp.Result high = SampleApp.Run(SampleApp.Cli, "predict", "--model", cli.ModelPath, "--format", "csv",
            "--threshold", above.ToString("R", CultureInfo.InvariantCulture), pneumonia);
        SampleApp.Result low = SampleApp.Run(SampleApp.Cli, "predict", "--model", cli.ModelPath, "--format", "csv",
            "--threshold", below.ToString("R", CultureInfo.InvariantCulture), pneumonia);
        SampleApp.Result missing = SampleApp.Run(SampleApp.Cli, "predict", "--model", cli.ModelPath, "--operating-point", "sensitivity95", pneumonia);
        SampleApp.Result outOfRange = SampleApp.Run(SampleApp.Cli, "predict", "--model", cli.ModelPath, "--threshold", "1.5", pneumonia);

        Assert.Equal("NORMAL", Csv.Parse(high.Output)[1][1]);
        Assert.Equal(above, double.Parse(Csv.Parse(high.Output)[1][3], CultureInfo.InvariantCulture));
        Assert.Equal("PNEUMONIA", Csv.Parse(low.Output)[1][1]);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("stores no operating point 'sensitivity95'", missing.Error);
        Assert.Contains("default", missing.Error);
        Assert.Equal(1, outOfRange.ExitCode);
        Assert.Contains("--threshold must be in (0, 1)", outOfRange.Error);
    }

    [Fact]
    public void An_operating_point_the_model_stores_decides_the_labels_with_its_threshold()
    {
        string pneumonia = Path.Combine(SampleData.Test, "PNEUMONIA", "person1238_bacteria_3194.jpeg");
        using PneumoniaClassifier model = PneumoniaClassifier.Load(cli.ModelPath);
        float probability = model.Predict(pneumonia).Probability;
        double above = Math.Min(0.999999, probability + 1e-3), below = Math.Max(1e-6, probability - 1e-3);
        // What CrossValidate stores: the classifier's own threshold, then one per sensitivity and specificity target.
        var points = new System.Text.Json.Nodes.JsonArray(
            Point("the classifier's threshold", model.Threshold), Point("sensitivity ≥ 0.95", above), Point("specificity ≥ 0.95", below));
        string withPoints = Pneumonia.Samples.Tests.WebApi.ModelFiles.WithField(cli.ModelPath, "OperatingPoints", points);

        SampleApp.Result sensitive = SampleApp.Run(SampleApp.Cli, "predict", "--model", withPoints, "--format", "csv", "--operating-point", "sensitivity95", pneumonia);
        SampleApp.Result specific = SampleApp.Run(SampleApp.Cli, "predict", "--model", withPoints, "--format", "csv", "--operating-point", "Specificity95", pneumonia);
        SampleApp.Result missing = SampleApp.Run(SampleApp.Cli, "predict", "--model", withPoints, "--operating-point", "sensitivity99", pneumonia);

        Assert.True(sensitive.ExitCode == 0, sensitive.Error);
        string[] high = Csv.Parse(sensitive.Output)[1], low = Csv.Parse(specific.Output)[1];
        Assert.Equal("NORMAL", high[1]);
        Assert.Equal(above, double.Parse(high[3], CultureInfo.InvariantCulture));
        Assert.Equal("PNEUMONIA", low[1]);
        Assert.Equal(below, double.Parse(low[3], CultureInfo.InvariantCulture));
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("It stores: default, sensitivity95, specificity95.", missing.Error);

        static System.Text.Json.Nodes.JsonObject Point(string name, double threshold) =>
            new() { ["Name"] = name, ["Threshold"] = threshold, ["Sensitivity"] = 0.95, ["Specificity"] = 0.95 };
    }

    [Fact]
    public void Every_training_option_has_an_option_of_train()
    {
        SampleApp.Result help = SampleApp.Run(SampleApp.Cli, "train", "--help");

        Assert.Equal(0, help.ExitCode);
        PropertyInfo[] settable = typeof(PneumoniaTrainingOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is { IsPublic: true }).ToArray();
        Assert.True(settable.Length >= 17, $"only {settable.Length} settable options found");
        foreach (PropertyInfo property in settable)
        {
            string option = property.Name == nameof(PneumoniaTrainingOptions.CheckpointPath) ? "--checkpoint" : "--" + Kebab(property.Name);
            Assert.Contains(option + " ", help.Output);
        }
    }

    [Fact]
    public void Train_starts_from_the_article_recipe_and_takes_a_fixed_threshold()
    {
        string output = Path.Combine(SampleData.NewTempFolder(), "article.model");

        SampleApp.Result run = SampleApp.Run(SampleApp.Cli, "train", "--data", SampleData.Root, "--output", output, "--recipe", "article",
            "--epochs", "1", "--image-size", "96", "--batch-size", "16", "--validation-fraction", "0", "--threshold", "0.3", "--augment", "false");

        Assert.True(run.ExitCode == 0, run.Error);
        using PneumoniaClassifier model = PneumoniaClassifier.Load(output);
        Assert.Equal(PneumoniaArchitecture.ArticleCnn, model.Architecture);
        Assert.Equal(96, model.ImageSize);
        Assert.Equal(0.3, model.Threshold);
        Assert.Single(model.TrainingHistory);
    }

    [Fact]
    public void No_arguments_print_the_help_and_exit_1()
    {
        SampleApp.Result run = SampleApp.Run(SampleApp.Cli);

        Assert.Equal(1, run.ExitCode);
        foreach (string command in new[] { "train", "evaluate", "predict", "score", "check-site", "export-inference" }) Assert.Contains(command, run.Output);
        Assert.Contains("Usage:", run.Output);
    }

    [Fact]
    public void The_report_sample_uses_the_same_exit_codes_as_the_CLI()
    {
        SampleApp.Result usage = SampleApp.Run(SampleApp.Report);
        string missing = Path.Combine(SampleData.NewTempFolder(), "none.model");
        SampleApp.Result model = SampleApp.Run(SampleApp.Report, missing, SampleData.Root, SampleData.NewTempFolder());
        SampleApp.Result data = SampleApp.Run(SampleApp.Report, cli.ModelPath, SampleData.NewTempFolder(), SampleData.NewTempFolder());

        Assert.Equal(1, usage.ExitCode);
        Assert.Contains("Usage:", usage.Error);
        Assert.Equal(3, model.ExitCode);
        Assert.Contains($"error: The model file '{missing}'", model.Error);
        Assert.Equal(2, data.ExitCode);
        Assert.StartsWith("error: ", data.Error.Trim());
    }

    private static string Kebab(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "-" : "") + char.ToLowerInvariant(c) : c.ToString()));
}
