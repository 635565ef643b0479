// Pneumonia.ML inside an ML.NET pipeline, the way ML.NET's own samples go: load images into an IDataView, train with
// a trainer from the BinaryClassification catalog, evaluate with ML.NET's evaluator, save and load the model with
// mlContext.Model, predict with a PredictionEngine, train a NORMAL / BACTERIAL / VIRAL model with the trainer from the
// MulticlassClassification catalog, and score with the shipped model without training.
//
// Usage: dotnet run --project samples/Pneumonia.MLNet [-- DATA_FOLDER [--model MODEL.zip] [--predictions FILE.tsv]]
//        dotnet run --project samples/Pneumonia.MLNet -- score MODEL.zip IMAGE_FOLDER
// DATA_FOLDER holds train/ and test/, each with NORMAL/ and PNEUMONIA/ (default: the bundled sample of 80 X-rays); the
// multi-class example reads BACTERIAL and VIRAL from the PNEUMONIA file names ("_bacteria_", "_virus_"), as Kermany
// et al.'s dataset names them, so each of train/ and test/ needs images of all three.
// "score" loads a saved model in this new process and prints each image's prediction, as --predictions wrote them.
// Exit codes: the samples' table (samples/Shared/ExitCodes.cs, docs/cli.md).
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Pneumonia.ML;
using Pneumonia.Samples;

SampleErrors.ExitOnUnhandledException();

if (args.Length == 3 && args[0] == "score")
{
    Score(modelPath: args[1], folder: args[2]);
    return;
}

string data = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal)
    ? args[0] : Path.Combine(AppContext.BaseDirectory, "data", "chest-xray-sample");
string modelPath = Option("--model") ?? Path.Combine(Path.GetTempPath(), "pneumonia-mlnet.zip");
string? predictionsPath = Option("--predictions");

// Create the MLContext: the starting point of every ML.NET operation (a seed makes the run repeatable).
var mlContext = new MLContext(seed: 1);

// Load the images' paths and labels (true for pneumonia) into IDataViews.
IDataView trainData = mlContext.Data.LoadFromEnumerable(LoadImagesFromDirectory(Path.Combine(data, "train")));
IDataView testData = mlContext.Data.LoadFromEnumerable(LoadImagesFromDirectory(Path.Combine(data, "test")));

// The trainer, from the BinaryClassification catalog. The image column may hold file paths (as here), file bytes
// (mlContext.Transforms.LoadRawImageBytes) or images (mlContext.Transforms.LoadImages). A small, quick network for
// the bundled sample; PneumoniaTrainingOptions' defaults (ResNet18, 128 px) are the recipe for real data.
var options = new PneumoniaTrainingOptions
{
    Architecture = PneumoniaArchitecture.CompactCnn,
    ImageSize = 48,
    Epochs = 3,
    BatchSize = 16,
    Seed = 1,
};
PneumoniaEstimator trainer = mlContext.BinaryClassification.Trainers.Pneumonia(options,
    labelColumnName: nameof(ImageData.Label), imageColumnName: nameof(ImageData.ImagePath),
    progress: new EpochPrinter());

// Train the model.
Console.WriteLine("=============== Training the model ===============");
using PneumoniaTransformer trainedModel = trainer.Fit(trainData);

// Evaluate it on the held-out test images with ML.NET's evaluator.
Console.WriteLine("=============== Evaluating the model on the test images ===============");
IDataView predictions = trainedModel.Transform(testData);
CalibratedBinaryClassificationMetrics metrics = mlContext.BinaryClassification.Evaluate(predictions, labelColumnName: nameof(ImageData.Label));
PrintMetrics(metrics);

// Save the model, then load it back as any ML.NET model is loaded.
mlContext.Model.Save(trainedModel, trainData.Schema, modelPath);
Console.WriteLine($"The model is saved to {modelPath}");
ITransformer loadedModel = mlContext.Model.Load(modelPath, out DataViewSchema _);

// Predict single images with a PredictionEngine (one per thread: it is not thread-safe).
Console.WriteLine("=============== Single predictions with the loaded model ===============");
PredictionEngine<ImageData, ImagePrediction> predictionEngine =
    mlContext.Model.CreatePredictionEngine<ImageData, ImagePrediction>(loadedModel);
var lines = new List<string>();
foreach (ImageData image in LoadImagesFromDirectory(Path.Combine(data, "test")))
{
    ImagePrediction prediction = predictionEngine.Predict(image);
    Console.WriteLine($"{Path.GetFileName(image.ImagePath)}: actual {Name(image.Label)}, predicted {Name(prediction.PredictedLabel)} (probability {prediction.Probability:P1})");
    lines.Add(Line(image.ImagePath, prediction));
}
(loadedModel as IDisposable)?.Dispose();
if (predictionsPath is not null) File.WriteAllLines(predictionsPath, lines);

// Multi-class: NORMAL, BACTERIAL or VIRAL (the pneumonia images' file names say "_bacteria_" or "_virus_"), with a
// key label (MapValueToKey, as every ML.NET multiclass trainer takes) and the trainer from the MulticlassClassification
// catalog. Score holds one probability per class in the key's order, PredictedLabel the most probable class's key.
Console.WriteLine("=============== Multi-class: NORMAL, BACTERIAL or VIRAL ===============");
IDataView classTrainData = mlContext.Data.LoadFromEnumerable(LoadClassImagesFromDirectory(Path.Combine(data, "train")));
IDataView classTestData = mlContext.Data.LoadFromEnumerable(LoadClassImagesFromDirectory(Path.Combine(data, "test")));
var classPipeline = mlContext.Transforms.Conversion.MapValueToKey("Label", nameof(ClassImageData.Class))
    .Append(mlContext.MulticlassClassification.Trainers.Pneumonia(options, imageColumnName: nameof(ClassImageData.ImagePath)));
using (TransformerChain<PneumoniaMulticlassTransformer> classModel = classPipeline.Fit(classTrainData))
{
    MulticlassClassificationMetrics classMetrics = mlContext.MulticlassClassification.Evaluate(classModel.Transform(classTestData));
    Console.WriteLine($"Classes: {string.Join(", ", classModel.LastTransformer.Classes)} (the key's order: the Score columns')");
    Console.WriteLine($"Micro-accuracy: {classMetrics.MicroAccuracy.ToString("F4", CultureInfo.InvariantCulture)}");
    Console.WriteLine($"Macro-accuracy: {classMetrics.MacroAccuracy.ToString("F4", CultureInfo.InvariantCulture)}");
    Console.WriteLine($"Log-loss: {classMetrics.LogLoss:F4} nats");
    Console.WriteLine(classMetrics.ConfusionMatrix.GetFormattedConfusionTable());
    // The same model's own evaluation, with per-class intervals; the folder is read by the file names as above.
    PneumoniaMulticlassMetrics own = classModel.LastTransformer.Classifier.EvaluateClasses(Path.Combine(data, "test"), PneumoniaClasses.NormalBacterialViral);
    Console.WriteLine($"PneumoniaClassifier.EvaluateClasses micro-accuracy: {own.MicroAccuracy.ToString("F4", CultureInfo.InvariantCulture)}");
}

// Score the test images with the model shipped in the package: a pipeline needs no training to use it.
Console.WriteLine("=============== The shipped model, without training ===============");
using (PneumoniaClassifier shipped = PneumoniaClassifier.LoadDefault())
{
    PneumoniaTransformer shippedModel = shipped.AsTransformer(imageColumnName: nameof(ImageData.ImagePath));
    PrintMetrics(mlContext.BinaryClassification.Evaluate(shippedModel.Transform(testData), labelColumnName: nameof(ImageData.Label)));
}

// Load a saved model in this process and print each image's prediction (the "score" command).
static void Score(string modelPath, string folder)
{
    var mlContext = new MLContext(seed: 1);
    ITransformer model = mlContext.Model.Load(modelPath, out DataViewSchema _);
    PredictionEngine<ImageData, ImagePrediction> engine = mlContext.Model.CreatePredictionEngine<ImageData, ImagePrediction>(model);
    foreach (ImageData image in LoadImagesFromDirectory(folder))
        Console.WriteLine(Line(image.ImagePath, engine.Predict(image)));
    (model as IDisposable)?.Dispose();
}

// Every .jpeg, .jpg and .png file under NORMAL/ and PNEUMONIA/, labelled by its folder's name, in a fixed order.
static IEnumerable<ImageData> LoadImagesFromDirectory(string folder) =>
    new[] { PneumoniaClassifier.NormalLabel, PneumoniaClassifier.PneumoniaLabel }
        .SelectMany(label => Directory.GetFiles(Path.Combine(folder, label))
            .Where(file => Path.GetExtension(file).ToLowerInvariant() is ".jpeg" or ".jpg" or ".png")
            .Order(StringComparer.Ordinal)
            .Select(file => new ImageData { ImagePath = file, Label = label == PneumoniaClassifier.PneumoniaLabel }));

// The same images labelled NORMAL, BACTERIAL or VIRAL: a pneumonia image whose name says neither is left out.
static IEnumerable<ClassImageData> LoadClassImagesFromDirectory(string folder) =>
    LoadImagesFromDirectory(folder)
        .Select(image => new ClassImageData { ImagePath = image.ImagePath, Class = ClassOf(image) })
        .Where(image => image.Class.Length > 0);

static string ClassOf(ImageData image)
{
    string name = Path.GetFileName(image.ImagePath);
    return !image.Label ? PneumoniaClassifier.NormalLabel
        : name.Contains("_bacteria_", StringComparison.OrdinalIgnoreCase) ? PneumoniaClasses.BacterialLabel
        : name.Contains("_virus_", StringComparison.OrdinalIgnoreCase) ? PneumoniaClasses.ViralLabel
        : "";
}

static void PrintMetrics(CalibratedBinaryClassificationMetrics metrics)
{
    Console.WriteLine($"Accuracy: {metrics.Accuracy:P2}");
    Console.WriteLine($"AUC: {metrics.AreaUnderRocCurve:P2}");
    Console.WriteLine($"F1 score: {metrics.F1Score:P2}");
    Console.WriteLine($"Log-loss: {metrics.LogLoss:F4} bits (the library's PneumoniaMetrics.LogLoss is in nats: bits = nats / ln 2)");
    Console.WriteLine(metrics.ConfusionMatrix.GetFormattedConfusionTable());
}

static string Name(bool pneumonia) => pneumonia ? PneumoniaClassifier.PneumoniaLabel : PneumoniaClassifier.NormalLabel;

static string Line(string path, ImagePrediction prediction) => string.Join('\t', Path.GetFileName(path),
    prediction.Probability.ToString("R", CultureInfo.InvariantCulture), prediction.Score.ToString("R", CultureInfo.InvariantCulture),
    prediction.PredictedLabel ? "1" : "0");

string? Option(string name)
{
    int at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
}

/// <summary>An input row: an X-ray's path and its label (true for pneumonia).</summary>
internal sealed class ImageData
{
    public string ImagePath { get; set; } = "";

    public bool Label { get; set; }
}

/// <summary>An input row of the multi-class example: an X-ray's path and its class name.</summary>
internal sealed class ClassImageData
{
    public string ImagePath { get; set; } = "";

    public string Class { get; set; } = "";
}

/// <summary>The columns the trained model appends.</summary>
internal sealed class ImagePrediction
{
    /// <summary>The margin: positive exactly when the model calls pneumonia.</summary>
    public float Score { get; set; }

    /// <summary>The calibrated probability of pneumonia.</summary>
    public float Probability { get; set; }

    /// <summary>True for pneumonia.</summary>
    public bool PredictedLabel { get; set; }
}

/// <summary>Prints one line per training epoch, on the training thread.</summary>
internal sealed class EpochPrinter : IProgress<PneumoniaTrainingProgress>
{
    public void Report(PneumoniaTrainingProgress value)
    {
        if (value.Stage == PneumoniaTrainingStage.Epoch)
            Console.WriteLine($"Epoch {value.Epoch}/{value.Epochs}: loss {value.Loss:F4}, accuracy {value.Accuracy:P1}");
    }
}
