using System.CommandLine;
using System.Globalization;
using Pneumonia.ML;

namespace Pneumonia.Cli;

/// <summary>
/// <c>check-site [--model FILE] [--engine NAME] --data DIR</c>: runs <see cref="PneumoniaClassifier.CheckSite"/> on a folder
/// of a new site's unlabelled images and prints the share flagged, the feature shift, the share called pneumonia against
/// the training images', the flagged images (on stderr) and the verdict. Exit code 0 whatever the verdict.
/// </summary>
internal static class CheckSiteCommand
{
    public static Command Create()
    {
        Option<string?> model = ModelSource.Option();
        Option<PneumoniaInferenceEngine> engine = NamedOption.Engine();
        var data = new Option<string>("--data", "-d")
        {
            Description = "Folder of the site's X-rays (searched with its subfolders; labels not needed).",
            HelpName = "DIR",
            Required = true,
        };
        var command = new Command("check-site", "Check whether a new site's images look like the training X-rays before trusting predictions on them.")
        {
            model, engine, data,
        };
        command.SetAction((result, cancellationToken) => CommandRunner.Run(() =>
            Run(result.GetValue(model), result.GetValue(engine), result.GetRequiredValue(data), cancellationToken)));
        return command;
    }

    private static int Run(string? modelPath, PneumoniaInferenceEngine engine, string data, CancellationToken cancellationToken)
    {
        using PneumoniaClassifier classifier = ModelSource.Load(modelPath, new PneumoniaInferenceOptions { Engine = engine });
        PneumoniaSiteCheck check = classifier.CheckSite(data, cancellationToken);
        static string Share(double? value) => value is { } v ? v.ToString("P1", CultureInfo.InvariantCulture) : "unknown";
        static string Number(double? value) => value is { } v ? v.ToString("0.0", CultureInfo.InvariantCulture) : "not measured";
        Console.Out.WriteLine($"images\t{check.ImageCount}");
        Console.Out.WriteLine($"unusual\t{check.UnusualImages.Count} ({Share(check.UnusualShare)})");
        Console.Out.WriteLine($"mean feature distance\t{Number(check.MeanDistance)} (training X-rays: {Number(check.TrainingMeanDistance)})");
        Console.Out.WriteLine($"called pneumonia\t{Share(check.PneumoniaShare)} (training images: {Share(check.TrainingPneumoniaShare)})");
        Console.Out.WriteLine($"verdict\t{check.Verdict}");
        foreach (string image in check.UnusualImages) Console.Error.WriteLine($"unusual: {image}");
        return ExitCodes.Success;
    }
}
