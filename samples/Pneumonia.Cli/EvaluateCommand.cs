using System.CommandLine;
using Pneumonia.ML;
using Spectre.Console;

namespace Pneumonia.Cli;

/// <summary><c>evaluate [--model FILE] [--engine NAME] --data DIR [--json] [--report DIR]</c>.</summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        Option<string?> model = ModelSource.Option();
        Option<PneumoniaInferenceEngine> engine = NamedOption.Engine();
        var data = new Option<string>("--data", "-d")
        {
            Description = "Folder of labelled X-rays: NORMAL/ and PNEUMONIA/, or a Kaggle root (its test/ is used).",
            HelpName = "DIR",
            Required = true,
        };
        var json = new Option<bool>("--json") { Description = "Print the metrics as JSON (camelCase metric names) instead of tables." };
        var report = new Option<string?>("--report")
        {
            Description = $"Also write {EvaluationReport.MetricsFileName} and the evaluation report (report.html, predictions.csv, pictures) to this folder.",
            HelpName = "DIR",
        };

        var command = new Command("evaluate", "Score every image of a labelled folder and print sensitivity, specificity, AUC, …")
        {
            model, engine, data, json, report,
        };
        command.SetAction((result, cancellationToken) => CommandRunner.Run(() => Run(result.GetValue(model), result.GetValue(engine),
            result.GetRequiredValue(data), result.GetValue(json), result.GetValue(report), cancellationToken)));
        return command;
    }

    private static int Run(string? modelPath, PneumoniaInferenceEngine engine, string data, bool json, string? reportFolder, CancellationToken cancellationToken)
    {
        using PneumoniaClassifier classifier = ModelSource.Load(modelPath, new PneumoniaInferenceOptions { Engine = engine });
        PneumoniaMetrics metrics = classifier.Evaluate(data, cancellationToken);

        if (json) Console.Out.WriteLine(MetricsJson.Serialize(metrics));
        else
        {
            Terminal.Out.MarkupLineInterpolated($"{ModelSource.Describe(modelPath)} ({classifier.Architecture}, {classifier.ImageSize} px) on {data}");
            MetricsTable.Write(Terminal.Out, metrics, "Evaluation");
            ClassOutput.Write(Terminal.Out, classifier, data, cancellationToken);
        }

        if (reportFolder is not null)
        {
            (IReadOnlyList<string> files, int unusual) = EvaluationReport.Write(classifier, metrics, data, reportFolder, cancellationToken);
            // With --json, stdout carries nothing but the JSON.
            TextWriter log = json ? Console.Error : Console.Out;
            foreach (string file in files) log.WriteLine($"Wrote {file}");
            if (unusual > 0) Console.Error.WriteLine($"warning: the input check flagged {unusual} images as unlike chest X-rays; report.html lists them.");
        }
        return ExitCodes.Success;
    }
}
