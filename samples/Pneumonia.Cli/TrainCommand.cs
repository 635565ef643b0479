using System.CommandLine;
using Pneumonia.ML;
using Spectre.Console;

namespace Pneumonia.Cli;

/// <summary><c>train --data DIR --output FILE [--architecture NAME] [--epochs N] [--image-size N] [--batch-size N] [--seed N]</c>.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var defaults = new PneumoniaTrainingOptions();
        var data = new Option<string>("--data", "-d")
        {
            Description = "Folder of labelled X-rays: NORMAL/ and PNEUMONIA/, or a Kaggle root (train/ and val/ are used).",
            HelpName = "DIR",
            Required = true,
        };
        var output = new Option<string>("--output", "-o") { Description = "Model file to write.", HelpName = "FILE", Required = true };
        Option<PneumoniaArchitecture> architecture = NamedOption.Architecture(defaults.Architecture);
        var epochs = new Option<int>("--epochs") { Description = "Passes over the training images.", DefaultValueFactory = _ => defaults.Epochs };
        var imageSize = new Option<int>("--image-size")
        {
            Description = "Side in pixels images are resized to (ArticleCnn needs at least 94).",
            DefaultValueFactory = _ => defaults.ImageSize,
        };
        var batchSize = new Option<int>("--batch-size") { Description = "Images per optimisation step.", DefaultValueFactory = _ => defaults.BatchSize };
        var seed = new Option<int>("--seed") { Description = "Seed of initialisation, split and shuffling.", DefaultValueFactory = _ => defaults.Seed };
        Option<PneumoniaClasses> classes = ClassOutput.Option();

        var command = new Command("train", "Train a network on a folder of labelled X-rays and save it to one file.")
        {
            data, output, architecture, epochs, imageSize, batchSize, seed, classes,
        };
        command.SetAction((result, cancellationToken) => CommandRunner.Run(() =>
        {
            var options = new PneumoniaTrainingOptions
            {
                Architecture = result.GetValue(architecture),
                Epochs = result.GetValue(epochs),
                ImageSize = result.GetValue(imageSize),
                BatchSize = result.GetValue(batchSize),
                Seed = result.GetValue(seed),
                Classes = result.GetValue(classes)!,
            };
            return Run(result.GetRequiredValue(data), result.GetRequiredValue(output), options, cancellationToken);
        }));
        return command;
    }

    private static int Run(string data, string output, PneumoniaTrainingOptions options, CancellationToken cancellationToken)
    {
        IAnsiConsole console = Terminal.Out;
        string outputPath = Path.GetFullPath(output);
        Directory.CreateDirectory(Path.GetDirectoryName(outputPath)!);
        // Every epoch is checkpointed beside the output: after Ctrl+C, the same command goes on where it stopped.
        options.CheckpointPath = outputPath + ".checkpoint";
        if (File.Exists(options.CheckpointPath))
            console.MarkupLineInterpolated($"Resuming from the checkpoint {options.CheckpointPath}");
        console.MarkupLineInterpolated(
            $"Training {options.Architecture} on {data}: {options.Epochs} epochs, {options.ImageSize} px, batch {options.BatchSize}, seed {options.Seed}");

        using PneumoniaClassifier classifier = TrainingProgressView.Run(console, options.Epochs,
            progress => PneumoniaClassifier.Train(data, options, progress, cancellationToken));
        classifier.Save(outputPath);

        if (classifier.ValidationMetrics is { } validation)
            MetricsTable.Write(console, validation, $"Validation patients: epoch {classifier.BestEpoch} kept, at its threshold");
        console.MarkupLineInterpolated($"Saved {outputPath} ({new FileInfo(outputPath).Length / 1024:N0} KB)");
        return ExitCodes.Success;
    }
}
