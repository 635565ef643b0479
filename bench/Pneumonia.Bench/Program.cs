using System.CommandLine;
using Pneumonia.Bench;
using Pneumonia.ML;

var data = new Option<string>("--data") { Description = "Training folder (NORMAL/ and PNEUMONIA/)", DefaultValueFactory = _ => "../shared/data/chest-xray-224/train" };
var output = new Option<string>("--output") { Description = "Folder for models and results", DefaultValueFactory = _ => "bench/results" };
var architecture = new Option<PneumoniaArchitecture>("--architecture") { DefaultValueFactory = _ => PneumoniaArchitecture.ResNet18 };
var seeds = new Option<int[]>("--seeds") { DefaultValueFactory = _ => [1, 2, 3], AllowMultipleArgumentsPerToken = true };
var epochs = new Option<int?>("--epochs");
var imageSize = new Option<int?>("--image-size");
var article = new Option<bool>("--article-recipe") { Description = "Train with PneumoniaTrainingOptions.Article() (RMSprop, no augmentation, fixed 0.5 threshold)" };

var accuracy = new Command("accuracy", "Train on the full training folder with a patient-level validation split, per seed") { data, output, architecture, seeds, epochs, imageSize, article };
accuracy.SetAction(parse =>
{
    foreach (int seed in parse.GetValue(seeds)!)
    {
        PneumoniaTrainingOptions options = parse.GetValue(article) ? PneumoniaTrainingOptions.Article() : new PneumoniaTrainingOptions();
        options.Architecture = parse.GetValue(architecture);
        options.Seed = seed;
        if (parse.GetValue(epochs) is int e) options.Epochs = e;
        if (parse.GetValue(imageSize) is int s) options.ImageSize = s;
        var result = AccuracyRun.Run(parse.GetValue(data)!, options, parse.GetValue(output)!, Console.Out);
        Console.WriteLine($"RESULT {result.Architecture} seed {seed}: acc {result.Metrics.Accuracy:F4} sens {result.Metrics.Sensitivity:F4} " +
            $"spec {result.Metrics.Specificity:F4} auc {result.Metrics.Auc:F4} brier {result.Brier:F4} " +
            $"{result.TrainingMinutes:F1} min peak {result.PeakMemoryMegabytes:F0} MB");
    }
});

var model = new Option<string>("--model") { Description = "A model trained by the accuracy command", Required = true };
var seed = new Option<int>("--seed") { Description = "The seed the model was trained with (it fixes the validation split)", DefaultValueFactory = _ => 1 };
var robustness = new Command("robustness", "Validation metrics under contrast, gamma, blur, noise, JPEG, resolution and rotation shifts") { model, data, seed };
robustness.SetAction(parse =>
{
    var rows = RobustnessRun.Run(parse.GetValue(model)!, parse.GetValue(data)!, parse.GetValue(seed), validationFraction: 0.2);
    Console.WriteLine("| shift | AUC | accuracy | sensitivity | specificity | AUC drop | accuracy drop |");
    Console.WriteLine("|---|---|---|---|---|---|---|");
    foreach (var r in rows)
        Console.WriteLine($"| {r.Shift} | {r.Auc:F4} | {r.Accuracy:F4} | {r.Sensitivity:F4} | {r.Specificity:F4} | {r.AucDrop:+0.0000;-0.0000;0.0000} | {r.AccuracyDrop:+0.0000;-0.0000;0.0000} |");
});

var exportOutput = new Option<string>("--output") { DefaultValueFactory = _ => "src/Pneumonia.ML/DefaultModel/pneumonia-default.pnm" };
var export = new Command("export-default", "Write a model as the package's default (int8) and compare it with the original on validation") { model, data, seed, exportOutput };
export.SetAction(parse => ExportDefault.Run(parse.GetValue(model)!, parse.GetValue(exportOutput)!, parse.GetValue(data)!, parse.GetValue(seed), Console.Out));

var results = new Option<string>("--results") { DefaultValueFactory = _ => "bench/results/accuracy.jsonl" };
var summarize = new Command("summarize", "The accuracy table (per run, and mean with a 95% CI over seeds) from accuracy.jsonl") { results };
summarize.SetAction(parse => AccuracySummary.Print(parse.GetValue(results)!, Console.Out));

var root = new RootCommand("Pneumonia.ML benchmarks") { accuracy, robustness, export, summarize };
return root.Parse(args).Invoke();
