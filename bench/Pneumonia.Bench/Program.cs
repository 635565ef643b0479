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
        PneumoniaTrainingOptions options = parse.GetValue(article) ? PneumoniaTrainingOptions.Article() : BenchRecipe.Options();
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

var folds = new Option<int>("--folds") { DefaultValueFactory = _ => 5 };
var cvSeed = new Option<int>("--seed") { Description = "Seed of the fold assignment and of every fold's training", DefaultValueFactory = _ => 1 };
var cvName = new Option<string>("--name") { Description = "Name of the run: bench/results/cv-NAME/ (fold models), cv-NAME-oof.csv", Required = true };
var siteShifts = new Option<bool>("--site-shifts") { Description = "Train with PneumoniaTrainingOptions.SiteShiftAugmentation" };
var siteShiftsVersion = new Option<int>("--site-shifts-version") { Description = "With --site-shifts: 1 repeats the runs before 2026-12-01 (no framed collimation, no JPEG); 3 also widens the zoom to 0.8-1.3", DefaultValueFactory = _ => Pneumonia.ML.Data.Augmentation.CurrentSiteShifts };
var allPatients = new Option<bool>("--all-patients") { Description = "Then train the recipe on every patient with the out-of-fold decision rule: cv-NAME/all-patients.model" };
var labelSmoothing = new Option<double>("--label-smoothing") { Description = "Label smoothing ε (PneumoniaTrainingOptions.LabelSmoothing); 0 off" };
var mixup = new Option<double>("--mixup-alpha") { Description = "Mixup's α (PneumoniaTrainingOptions.MixupAlpha); 0 off" };
var weightAverage = new Option<double>("--weight-average-decay") { Description = "Decay of the weights' moving average (PneumoniaTrainingOptions.WeightAverageDecay); 0 off" };
var crossValidate = new Command("crossvalidate", "Patient-level k-fold cross-validation of a recipe (BenchRecipe, changed by the options): out-of-fold figures with 95% intervals") { data, output, architecture, folds, cvSeed, epochs, imageSize, cvName, siteShifts, siteShiftsVersion, allPatients, labelSmoothing, mixup, weightAverage };
crossValidate.SetAction(parse =>
{
    string name = parse.GetValue(cvName)!;
    PneumoniaTrainingOptions options = BenchRecipe.Options();
    options.Architecture = parse.GetValue(architecture);
    options.Seed = parse.GetValue(cvSeed);
    options.SiteShiftAugmentation = parse.GetValue(siteShifts);
    options.SiteShiftVersion = parse.GetValue(siteShiftsVersion);
    options.LabelSmoothing = parse.GetValue(labelSmoothing);
    options.MixupAlpha = parse.GetValue(mixup);
    options.WeightAverageDecay = parse.GetValue(weightAverage);
    // A stopped run resumes from the last finished epoch: run the same command again.
    options.CheckpointPath = Path.Combine(parse.GetValue(output)!, $"cv-{name}.checkpoint");
    if (parse.GetValue(epochs) is int e) options.Epochs = e;
    if (parse.GetValue(imageSize) is int s) options.ImageSize = s;
    var r = CrossValidationRun.Run(parse.GetValue(data)!, name, parse.GetValue(folds), options, parse.GetValue(output)!, Console.Out,
        parse.GetValue(allPatients));
    Console.WriteLine($"RESULT cv {r.Name}: out-of-fold acc {r.Metrics.Accuracy:F4} ({r.Intervals.Accuracy.Lower:F4}-{r.Intervals.Accuracy.Upper:F4}) " +
        $"sens {r.Metrics.Sensitivity:F4} spec {r.Metrics.Specificity:F4} auc {r.Metrics.Auc:F4} ({r.Intervals.Auc.Lower:F4}-{r.Intervals.Auc.Upper:F4}) " +
        $"brier {r.Brier:F4} ece {r.ExpectedCalibrationError:F4} threshold {r.Threshold:F4} {r.TrainingMinutes:F1} min peak {r.PeakMemoryMegabytes:F0} MB");
});

var trimBorders = new Option<bool>("--trim-flat-borders") { Description = "Crop flat edge bands (padding, shutters, frames) from every image before scoring; results under NAME-trim" };
var proxyModel = new Option<string?>("--model") { Description = "Score only this model (e.g. the shipped .pnm), on the held-out patients of --fold; NAME then only names the results" };
var proxyFold = new Option<int>("--fold") { Description = "With --model: the fold (1-based) whose patients the model never trained on" };
var proxyValidationSeed = new Option<int?>("--validation-seed") { Description = "With --model instead of --fold: the held-out patients are the validation split (the default ValidationFraction) of a training run with this seed" };
var shiftProxy = new Command("shift-proxy", "Out-of-fold AUC, specificity and calibration of a cross-validation's fold models under site-like shifts") { data, output, folds, cvSeed, cvName, trimBorders, proxyModel, proxyFold, proxyValidationSeed };
shiftProxy.SetAction(parse =>
{
    var (rows, robust) = ShiftProxyRun.Run(parse.GetValue(data)!, parse.GetValue(cvName)!, parse.GetValue(folds), parse.GetValue(cvSeed), parse.GetValue(output)!,
        parse.GetValue(trimBorders), parse.GetValue(proxyModel), parse.GetValue(proxyFold), parse.GetValue(proxyValidationSeed));
    Console.WriteLine("| shift | AUC | sensitivity | specificity | Brier | ECE | AUC drop | specificity drop | ECE rise |");
    Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
    foreach (var r in rows)
        Console.WriteLine($"| {r.Shift} | {r.Auc:F4} | {r.Sensitivity:F4} | {r.Specificity:F4} | {r.Brier:F4} | {r.ExpectedCalibrationError:F4} | {r.AucDrop:+0.0000;-0.0000;0.0000} | {r.SpecificityDrop:+0.0000;-0.0000;0.0000} | {r.EceRise:+0.0000;-0.0000;0.0000} |");
    Console.WriteLine();
    Console.WriteLine($"The threshold with the best worst-case Youden J over every condition: {robust.Threshold:F4} (worst J {robust.WorstYouden:F4}, under {robust.WorstShift})");
    Console.WriteLine();
    Console.WriteLine("| shift | sensitivity | specificity |");
    Console.WriteLine("|---|---|---|");
    foreach (var (shift, sensitivity, specificity) in robust.PerShift) Console.WriteLine($"| {shift} | {sensitivity:F4} | {specificity:F4} |");
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

var tta = new Command("tta", "Issue #12: a cross-validation's fold models with and without test-time augmentation, unshifted and under the hardest site-like shifts") { data, output, folds, cvSeed, cvName };
tta.SetAction(parse => TtaRun.Run(parse.GetValue(data)!, parse.GetValue(cvName)!, parse.GetValue(folds), parse.GetValue(cvSeed), parse.GetValue(output)!, Console.Out));

var exportOutput = new Option<string>("--output") { DefaultValueFactory = _ => "src/Pneumonia.ML/DefaultModel/pneumonia-default.pnm" };
var trainedOnAll = new Option<bool>("--trained-on-all") { Description = "The model was trained on every patient (crossvalidate --all-patients): compare int8 with float32 for agreement only" };
var exportFold = new Option<int?>("--fold") { Description = "The model is this fold's network of a cross-validation (with --folds and --seed): measure both copies on its held-out patients" };
var exportFolds = new Option<int>("--folds") { DefaultValueFactory = _ => 5 };
var exportShiftProxy = new Option<string?>("--shift-proxy") { Description = "With --fold: set the threshold with the best worst-case Youden J over the conditions of this shift-proxy probabilities file (.csv.gz)" };
var export = new Command("export-default", "Write a model as the package's default (int8) and compare it with the original on validation") { model, data, seed, exportOutput, trainedOnAll, exportFold, exportFolds, exportShiftProxy };
export.SetAction(parse =>
{
    if (parse.GetValue(exportFold) is int fold)
        ExportDefault.RunFold(parse.GetValue(model)!, parse.GetValue(exportOutput)!, parse.GetValue(data)!, fold, parse.GetValue(exportFolds), parse.GetValue(seed),
            parse.GetValue(exportShiftProxy), Console.Out);
    else if (parse.GetValue(trainedOnAll)) ExportDefault.RunTrainedOnAll(parse.GetValue(model)!, parse.GetValue(exportOutput)!, parse.GetValue(data)!, Console.Out);
    else ExportDefault.Run(parse.GetValue(model)!, parse.GetValue(exportOutput)!, parse.GetValue(data)!, parse.GetValue(seed), Console.Out);
});

var inferenceModel = new Option<string>("--model") { Description = "A Pneumonia.ML model file", DefaultValueFactory = _ => "src/Pneumonia.ML/DefaultModel/pneumonia-default.pnm" };
var inferenceOutput = new Option<string>("--output") { DefaultValueFactory = _ => "src/Pneumonia.ML.Inference/DefaultModel/pneumonia-default.pnmi" };
var inferencePrecision = new Option<PneumoniaWeightPrecision>("--precision") { DefaultValueFactory = _ => PneumoniaWeightPrecision.Int8 };
var exportInference = new Command("export-inference", "Write a model (default: the shipped one) as the inference package's model file (default: int8, into its DefaultModel folder)")
{
    inferenceModel, inferenceOutput, inferencePrecision,
};
exportInference.SetAction(parse => ExportInference.Run(parse.GetValue(inferenceModel)!, parse.GetValue(inferenceOutput)!, parse.GetValue(inferencePrecision), Console.Out));

var latencyEngine = new Option<PneumoniaInferenceEngine>("--engine") { DefaultValueFactory = _ => PneumoniaInferenceEngine.TorchSharp };
var latencyWarmup = new Option<int>("--warmup") { Description = "Untimed calls first", DefaultValueFactory = _ => 20 };
var latencyRepeats = new Option<int>("--repeats") { Description = "Timed calls (p50, p95)", DefaultValueFactory = _ => 300 };
var defaultLatency = new Command("default-latency", "LoadDefault(engine).Predict(path) on single files: p50, p95, peak memory") { data, latencyEngine, latencyWarmup, latencyRepeats };
defaultLatency.SetAction(parse => DefaultLatency.Run(parse.GetValue(data)!, parse.GetValue(latencyEngine), parse.GetValue(latencyWarmup), parse.GetValue(latencyRepeats), Console.Out));

var results = new Option<string>("--results") { DefaultValueFactory = _ => "bench/results/accuracy.jsonl" };
var summarize = new Command("summarize", "The accuracy table (per run, and mean with a 95% CI over seeds) from accuracy.jsonl") { results };
summarize.SetAction(parse => AccuracySummary.Print(parse.GetValue(results)!, Console.Out));

var perfArchitecture = new Option<PneumoniaArchitecture>("--architecture") { DefaultValueFactory = _ => PneumoniaArchitecture.ResNet18 };
var perfImageSize = new Option<int>("--image-size") { DefaultValueFactory = _ => 224 };
var batchSize = new Option<int>("--batch-size") { Description = "Training batch size", DefaultValueFactory = _ => 32 };
var warmupBatches = new Option<int>("--warmup-batches") { Description = "Training batches run before timing", DefaultValueFactory = _ => 3 };
var trainBatches = new Option<int>("--train-batches") { Description = "Training batches timed (the figure is batch size / median batch time)", DefaultValueFactory = _ => 10 };
var augment = new Option<bool>("--augment") { Description = "Augment training batches as the default recipe does (the PyTorch peer does not)" };
var perfSiteShifts = new Option<bool>("--site-shifts") { Description = "With --augment: the site-shift augmentation too (PneumoniaTrainingOptions.SiteShiftAugmentation)" };
var threadPool = new Option<bool>("--train-on-thread-pool") { Description = "Train on a thread-pool thread (Task.Run) instead of the main thread" };
var fullTrainingSet = new Option<bool>("--full-training-set") { Description = "Decode the whole data folder with the default 80/20 patient split before training (for peak memory)" };
var predictWarmup = new Option<int>("--predict-warmup") { Description = "Untimed single-image calls first", DefaultValueFactory = _ => 10 };
var predictRepeats = new Option<int>("--predict-repeats") { Description = "Timed single-image calls (p50, p95)", DefaultValueFactory = _ => 100 };
var batchImages = new Option<int>("--batch-images") { Description = "Images for the batch-32 forward and the batch Predict figures", DefaultValueFactory = _ => 256 };
var pipelineImages = new Option<int>("--pipeline-images") { Description = "Files decoded for the data pipeline figure", DefaultValueFactory = _ => 512 };
var batchRepeats = new Option<int>("--batch-repeats") { Description = "Timed passes for the pipeline, batch-32 forward and batch Predict figures (median; after one untimed pass)", DefaultValueFactory = _ => 3 };
var threads = new Option<int?>("--threads") { Description = "torch.set_num_threads (default: libtorch's own choice)" };
var json = new Option<string?>("--json") { Description = "Append the result as one JSON line to this file" };
var engine = new Option<PneumoniaInferenceEngine>("--engine") { Description = "The engine Predict runs on (training is measured with TorchSharp only)", DefaultValueFactory = _ => PneumoniaInferenceEngine.TorchSharp };
var perf = new Command("perf", "Speed and memory (issue #7): data pipeline, Predict latency, batch Predict, training images/s, peak RSS")
{
    data, perfArchitecture, perfImageSize, batchSize, warmupBatches, trainBatches, augment, fullTrainingSet,
    predictWarmup, predictRepeats, batchImages, pipelineImages, batchRepeats, threads, json, engine, threadPool, perfSiteShifts,
};
perf.SetAction(parse =>
{
    var settings = new PerfRun.Settings(parse.GetValue(data)!, parse.GetValue(perfArchitecture), parse.GetValue(perfImageSize),
        parse.GetValue(batchSize), parse.GetValue(warmupBatches), parse.GetValue(trainBatches), parse.GetValue(augment),
        parse.GetValue(fullTrainingSet), parse.GetValue(predictWarmup), parse.GetValue(predictRepeats),
        parse.GetValue(batchImages), parse.GetValue(pipelineImages), parse.GetValue(batchRepeats), parse.GetValue(threads), parse.GetValue(engine), parse.GetValue(threadPool),
        parse.GetValue(perfSiteShifts));
    string line = PerfRun.ToJson(PerfRun.Run(settings, Console.Error));
    Console.WriteLine(line);
    if (parse.GetValue(json) is { } file) File.AppendAllText(file, line + "\n");
});

var variant = new Option<PerfAb.Variant>("--variant") { DefaultValueFactory = _ => PerfAb.Variant.InferenceMode };
var abBatch = new Option<int>("--batch") { Description = "Images per forward pass", DefaultValueFactory = _ => 1 };
var pairs = new Option<int>("--pairs") { Description = "Interleaved A/B pairs timed", DefaultValueFactory = _ => 200 };
var abWarmup = new Option<int>("--warmup") { Description = "Untimed A/B pairs first", DefaultValueFactory = _ => 10 };
var peakFirst = new Option<string>("--peak-first") { Description = "Which variant's one-call peak memory is measured first (A or B)", DefaultValueFactory = _ => "A" };
var aChannelsLast = new Option<bool>("--a-channels-last") { Description = "A in channels-last strides too, as the library runs it (not with ChannelsLast* variants)" };
var perfAb = new Command("perf-ab", "Paired, interleaved timing of the library's forward pass (A) against a candidate (B) in one process")
{
    perfArchitecture, perfImageSize, abBatch, variant, pairs, abWarmup, peakFirst, aChannelsLast, threads, json,
};
perfAb.SetAction(parse =>
{
    var result = PerfAb.Run(parse.GetValue(perfArchitecture), parse.GetValue(perfImageSize), parse.GetValue(abBatch),
        parse.GetValue(variant), parse.GetValue(pairs), parse.GetValue(abWarmup), parse.GetValue(threads),
        string.Equals(parse.GetValue(peakFirst), "B", StringComparison.OrdinalIgnoreCase), parse.GetValue(aChannelsLast), Console.Error);
    string line = System.Text.Json.JsonSerializer.Serialize(result, new System.Text.Json.JsonSerializerOptions
    {
        PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower,
    });
    Console.WriteLine(line);
    if (parse.GetValue(json) is { } file) File.AppendAllText(file, line + "\n");
});

var engineJson = new Option<string?>("--json") { Description = "Append one JSON line per engine to this file" };
var engines = new Command("engines", "A model's validation figures under each inference engine (int8 calibrated on its training patients)") { model, data, seed, engineJson };
engines.SetAction(parse => EngineAccuracy.Run(parse.GetValue(model)!, parse.GetValue(data)!, 0.2, parse.GetValue(seed), parse.GetValue(engineJson), Console.Out));

var server = new Option<string>("--server") { Description = "The running web API", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
var loadImages = new Option<string>("--images") { Description = "Folder of X-rays to post (up to 200, cycled)", DefaultValueFactory = _ => "samples/data/chest-xray-sample" };
var concurrencies = new Option<int[]>("--concurrency") { DefaultValueFactory = _ => [1, 8, 32, 128], AllowMultipleArgumentsPerToken = true };
var seconds = new Option<int>("--seconds") { Description = "Seconds per concurrency level", DefaultValueFactory = _ => 60 };
var serverPid = new Option<int?>("--server-pid") { Description = "The server's process id, for its memory from /proc" };
var loadJson = new Option<string>("--json") { Description = "Append one JSON line per level to this file", DefaultValueFactory = _ => "bench/results/load.jsonl" };
var loadBombs = new Option<bool>("--bombs") { Description = "Post decompression bombs (an 8192×8192 PNG of zeros, a 5 KB JPEG claiming 8192×8192) instead of X-rays" };
var load = new Command("load", "A bounded load test of a running web API: status counts, latency percentiles, /health latency, server memory")
{
    server, loadImages, loadBombs, concurrencies, seconds, serverPid, loadJson,
};
load.SetAction(parse => LoadRun.Run(new Uri(parse.GetValue(server)!), parse.GetValue(loadImages)!, parse.GetValue(loadBombs), parse.GetValue(concurrencies)!,
    TimeSpan.FromSeconds(parse.GetValue(seconds)), parse.GetValue(serverPid), parse.GetValue(loadJson)!, Console.Out));

var perKind = new Option<int>("--per-kind") { Description = "Generated non-X-rays of each of the 13 kinds", DefaultValueFactory = _ => 40 };
var timedImages = new Option<int>("--timed-images") { Description = "Validation images timed one Predict call each", DefaultValueFactory = _ => 100 };
var checkEngine = new Option<PneumoniaInferenceEngine>("--engine") { DefaultValueFactory = _ => PneumoniaInferenceEngine.TorchSharp };
var checkJson = new Option<string?>("--json") { Description = "Append the result as one JSON line to this file" };
var inputCheck = new Command("input-check", "Issue #18: validation X-rays accepted, generated non-X-rays flagged by kind, the check's share of a prediction's time")
{
    model, data, seed, exportFold, exportFolds, perKind, timedImages, checkEngine, checkJson,
};
inputCheck.SetAction(parse => InputCheckRun.Run(parse.GetValue(model)!, parse.GetValue(data)!, parse.GetValue(seed),
    parse.GetValue(exportFold), parse.GetValue(exportFolds), parse.GetValue(perKind),
    parse.GetValue(timedImages), parse.GetValue(checkEngine), parse.GetValue(checkJson), Console.Out));

var maxImages = new Option<int?>("--max-images") { Description = "Train on at most this many images, spread evenly over the folder (a quick check of the command)" };
var bacterialViralOnly = new Option<bool>("--bacterial-viral-only") { Description = "Train BACTERIAL vs VIRAL on the PNEUMONIA images only (Kermany's second model) instead of one three-class model" };
var threeClass = new Command("three-class", "Issue #16: NORMAL / BACTERIAL / VIRAL from the file names, patient-level validation per seed; bacterial vs viral beside Kermany et al.")
{
    data, output, architecture, seeds, epochs, imageSize, maxImages, bacterialViralOnly,
};
threeClass.SetAction(parse =>
{
    var runs = new List<ThreeClassRun.Result>();
    foreach (int seed in parse.GetValue(seeds)!)
    {
        PneumoniaTrainingOptions options = BenchRecipe.Options();
        options.Architecture = parse.GetValue(architecture);
        options.Seed = seed;
        if (parse.GetValue(epochs) is int e) options.Epochs = e;
        if (parse.GetValue(imageSize) is int s) options.ImageSize = s;
        runs.Add(ThreeClassRun.Run(parse.GetValue(data)!, options, parse.GetValue(maxImages), parse.GetValue(output)!, Console.Error,
            parse.GetValue(bacterialViralOnly)));
    }
    ThreeClassRun.Print(runs, Console.Out);
});

var threeClassResults = new Option<string>("--results") { Description = "The three-class.jsonl the three-class command appended to", Required = true };
var threeClassSummary = new Command("three-class-summary", "Issue #16: the per-seed rows and the mean over seeds of every three-class run recorded in a three-class.jsonl, one table per architecture and image size")
{
    threeClassResults,
};
threeClassSummary.SetAction(parse => ThreeClassRun.Summarize(parse.GetValue(threeClassResults)!, Console.Out));

var augmentationSide = new Option<int>("--image-size") { DefaultValueFactory = _ => 160 };
var augmentationRounds = new Option<int>("--rounds") { Description = "Timed batches per figure (after two untimed)", DefaultValueFactory = _ => 20 };
var augmentationCost = new Command("augmentation-cost", "Milliseconds per batch of 32 of the training augmentation, whole and change by change") { augmentationSide, augmentationRounds };
augmentationCost.SetAction(parse => AugmentationCost.Run(parse.GetValue(augmentationSide), parse.GetValue(augmentationRounds), Console.Out));

var root = new RootCommand("Pneumonia.ML benchmarks") { augmentationCost, threeClass, threeClassSummary, accuracy, crossValidate, shiftProxy, tta, robustness, export, exportInference, summarize, perf, perfAb, engines, defaultLatency, load, inputCheck };
return root.Parse(args).Invoke();
