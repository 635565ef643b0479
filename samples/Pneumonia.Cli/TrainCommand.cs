using System.CommandLine;
using System.Globalization;
using Pneumonia.ML;
using Spectre.Console;

namespace Pneumonia.Cli;

/// <summary>
/// <c>train --data DIR --output FILE [--recipe default|article] [option…]</c>: every property of
/// <see cref="PneumoniaTrainingOptions"/> has an option (kebab-case: <c>--image-size</c>, <c>--learning-rate</c>, …;
/// <c>CheckpointPath</c> is <c>--checkpoint</c>). An option not given keeps the recipe's value.
/// </summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        PneumoniaTrainingOptions best = new(), article = PneumoniaTrainingOptions.Article();
        static string Both<T>(T best, T article) =>
            EqualityComparer<T>.Default.Equals(best, article) ? $"Default: {Text(best)}." : $"Default: {Text(best)} (article recipe: {Text(article)}).";
        static string Text<T>(T value) => value switch
        {
            null => "the architecture's own",
            bool b => b ? "true" : "false",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString()!,
        };

        var data = new Option<string>("--data", "-d")
        {
            Description = "Folder of labelled X-rays: NORMAL/ and PNEUMONIA/, or a Kaggle root (train/ and val/ are used).",
            HelpName = "DIR",
            Required = true,
        };
        var output = new Option<string>("--output", "-o") { Description = "Model file to write.", HelpName = "FILE", Required = true };
        Option<Recipe> recipe = NamedOption.Create("--recipe", null,
            $"The options every other one starts from: Default (the library's best: {best.Architecture}, {best.ImageSize} px, augmentation with site-like shifts, mixup, one-cycle) or Article (the Keras article's)",
            "recipe", Recipe.Default);
        Option<PneumoniaArchitecture> architecture = NamedOption.Create("--architecture", "-a", $"The network to train. {Both(best.Architecture, article.Architecture)}", "architecture", best.Architecture, showDefault: false);
        Option<int?> imageSize = new("--image-size") { Description = $"Side in pixels images are resized to (ArticleCnn needs at least 94). {Both(best.ImageSize, article.ImageSize)}", HelpName = "N" };
        Option<int?> epochs = new("--epochs") { Description = $"Most passes over the training images. {Both(best.Epochs, article.Epochs)}", HelpName = "N" };
        Option<int?> batchSize = new("--batch-size") { Description = $"Images per optimisation step. {Both(best.BatchSize, article.BatchSize)}", HelpName = "N" };
        Option<double?> learningRate = new("--learning-rate") { Description = $"Peak learning rate. {Both(best.LearningRate, article.LearningRate)}", HelpName = "X" };
        Option<double?> validationFraction = new("--validation-fraction")
        {
            Description = $"Share of patients held out for validation, early stopping and the threshold; 0 trains on all. {Both(best.ValidationFraction, article.ValidationFraction)}",
            HelpName = "X",
        };
        Option<int?> seed = new("--seed") { Description = $"Seed of initialisation, split, shuffling and augmentation. {Both(best.Seed, article.Seed)}", HelpName = "N" };
        Option<bool?> augment = new("--augment") { Description = $"Random rotations, zooms, shifts, contrast, gamma, blur, noise on training batches (true|false). {Both(best.Augment, article.Augment)}" };
        Option<bool?> siteShift = new("--site-shift-augmentation")
        {
            Description = $"With --augment, also imitate other hospitals' X-rays (equalisation, borders, markers, …). {Both(best.SiteShiftAugmentation, article.SiteShiftAugmentation)}",
        };
        Option<bool?> reuseLargeBlocks = new("--reuse-large-blocks") { Description = $"Let glibc reuse large freed blocks while training (faster). {Both(best.ReuseLargeBlocks, article.ReuseLargeBlocks)}" };
        Option<bool?> balanceClasses = new("--balance-classes") { Description = $"Weight the loss so both classes count equally. {Both(best.BalanceClasses, article.BalanceClasses)}" };
        Option<double?> labelSmoothing = new("--label-smoothing")
        {
            Description = $"Train towards ε/2 and 1 − ε/2 instead of 0 and 1, in [0, 0.5). {Both(best.LabelSmoothing, article.LabelSmoothing)}",
            HelpName = "ε",
        };
        Option<double?> mixup = new("--mixup-alpha")
        {
            Description = $"Mixup's α: blend each batch with a shuffled copy of itself, λ ~ Beta(α, α), in [0, 10]; 0 off. {Both(best.MixupAlpha, article.MixupAlpha)}",
            HelpName = "α",
        };
        Option<double?> weightAverage = new("--weight-average-decay")
        {
            Description = $"Validate, keep and return an exponential moving average of the weights, over about the last 1/(1 − d) steps, in [0, 1); 0 off. {Both(best.WeightAverageDecay, article.WeightAverageDecay)}",
            HelpName = "d",
        };
        Option<PneumoniaLearningRateSchedule> schedule = NamedOption.Create("--learning-rate-schedule", null,
            $"Learning rate over time. {Both(best.LearningRateSchedule, article.LearningRateSchedule)}", "schedule", best.LearningRateSchedule, showDefault: false);
        Option<int?> patience = new("--early-stopping-patience")
        {
            Description = $"Keep the epoch with the lowest validation loss; with a constant rate, stop after N epochs without a lower one; 0 off. {Both(best.EarlyStoppingPatience, article.EarlyStoppingPatience)}",
            HelpName = "N",
        };
        Option<PneumoniaThresholdSelection> thresholdSelection = NamedOption.Create("--threshold-selection", null,
            $"How the decision threshold is chosen on validation. {Both(best.ThresholdSelection, article.ThresholdSelection)}", "threshold selection", best.ThresholdSelection, showDefault: false);
        Option<double?> threshold = new("--threshold")
        {
            Description = $"The threshold with --threshold-selection Fixed or --validation-fraction 0. {Both(best.Threshold, article.Threshold)}",
            HelpName = "P",
        };
        Option<bool?> skipUnreadable = new("--skip-unreadable-images")
        {
            Description = $"Leave unreadable training images out (listed in the model) instead of stopping. {Both(best.SkipUnreadableImages, article.SkipUnreadableImages)}",
        };
        Option<string?> checkpoint = new("--checkpoint")
        {
            Description = "Where each finished epoch is saved; the same command resumes from it. Default: FILE.checkpoint beside --output.",
            HelpName = "FILE",
        };
        Option<long?> maxImagePixels = new("--max-image-pixels")
        {
            Description = $"Images whose header claims more pixels are refused before decoding. {Both(best.MaxImagePixels, article.MaxImagePixels)}",
            HelpName = "N",
        };

        Option<PneumoniaClasses> classes = ClassOutput.Option();

        var command = new Command("train", "Train a network on a folder of labelled X-rays and save it to one file.")
        {
            data, output, recipe, architecture, imageSize, epochs, batchSize, learningRate, validationFraction, seed, augment, siteShift,
            reuseLargeBlocks, balanceClasses, labelSmoothing, mixup, weightAverage, schedule, patience, thresholdSelection, threshold, skipUnreadable, checkpoint, maxImagePixels, classes,
        };
        command.SetAction((result, cancellationToken) => CommandRunner.Run(() =>
        {
            PneumoniaTrainingOptions options = result.GetValue(recipe) == Recipe.Article ? PneumoniaTrainingOptions.Article() : new PneumoniaTrainingOptions();
            void Set<T>(Option<T> option, Action<T> apply)
            {
                if (result.GetResult(option) is { Implicit: false }) apply(result.GetValue(option)!);
            }
            Set(architecture, v => options.Architecture = v);
            Set(imageSize, v => options.ImageSize = v!.Value);
            Set(epochs, v => options.Epochs = v!.Value);
            Set(batchSize, v => options.BatchSize = v!.Value);
            Set(learningRate, v => options.LearningRate = v);
            Set(validationFraction, v => options.ValidationFraction = v!.Value);
            Set(seed, v => options.Seed = v!.Value);
            Set(augment, v => options.Augment = v ?? true);
            Set(siteShift, v => options.SiteShiftAugmentation = v ?? true);
            Set(reuseLargeBlocks, v => options.ReuseLargeBlocks = v ?? true);
            Set(balanceClasses, v => options.BalanceClasses = v ?? true);
            Set(labelSmoothing, v => options.LabelSmoothing = v!.Value);
            Set(mixup, v => options.MixupAlpha = v!.Value);
            Set(weightAverage, v => options.WeightAverageDecay = v!.Value);
            Set(schedule, v => options.LearningRateSchedule = v);
            Set(patience, v => options.EarlyStoppingPatience = v!.Value);
            Set(thresholdSelection, v => options.ThresholdSelection = v);
            Set(threshold, v => options.Threshold = v!.Value);
            Set(skipUnreadable, v => options.SkipUnreadableImages = v ?? true);
            Set(checkpoint, v => options.CheckpointPath = v);
            Set(maxImagePixels, v => options.MaxImagePixels = v!.Value);
            Set(classes, v => options.Classes = v!);
            return Run(result.GetRequiredValue(data), result.GetRequiredValue(output), options, cancellationToken);
        }));
        return command;
    }

    private static int Run(string data, string output, PneumoniaTrainingOptions options, CancellationToken cancellationToken)
    {
        IAnsiConsole console = Terminal.Out;
        string outputPath = Path.GetFullPath(output);
        Directory.CreateDirectory(Path.GetDirectoryName(outputPath)!);
        // Every epoch is checkpointed (beside the output unless --checkpoint says where): after Ctrl+C, the same command
        // goes on where it stopped.
        options.CheckpointPath = Path.GetFullPath(options.CheckpointPath ?? outputPath + ".checkpoint");
        if (File.Exists(options.CheckpointPath))
            console.MarkupLineInterpolated($"Resuming from the checkpoint {options.CheckpointPath}");
        console.MarkupLineInterpolated(
            $"Training {options.Architecture} on {data}: {options.Epochs} epochs, {options.ImageSize} px, batch {options.BatchSize}, seed {options.Seed}");

        using PneumoniaClassifier classifier = TrainingProgressView.Run(console, options.Epochs,
            progress => PneumoniaClassifier.Train(data, options, progress, cancellationToken));
        classifier.Save(outputPath);

        if (classifier.ValidationMetrics is { } validation)
            MetricsTable.Write(console, validation, $"Validation patients: epoch {classifier.BestEpoch} kept, at its threshold");
        if (classifier.SkippedImages.Count > 0)
            Console.Error.WriteLine($"warning: {classifier.SkippedImages.Count} unreadable training images were left out; the model lists them (SkippedImages).");
        console.MarkupLineInterpolated($"Saved {outputPath} ({new FileInfo(outputPath).Length / 1024:N0} KB)");
        return ExitCodes.Success;
    }

    /// <summary>The values of <c>--recipe</c>.</summary>
    internal enum Recipe
    {
        /// <summary><c>new PneumoniaTrainingOptions()</c>: the library's best recipe.</summary>
        Default,

        /// <summary><see cref="PneumoniaTrainingOptions.Article"/>: the Keras article's recipe.</summary>
        Article,
    }
}
