// Pneumonia.ML quick start, using the NuGet package: train → evaluate → save → load → predict.
// From the repository root: dotnet run --project samples/Pneumonia.QuickStart [-- DATA_FOLDER]
// DATA_FOLDER holds train/ and test/, each with NORMAL/ and PNEUMONIA/ (the Kaggle layout); default: the bundled sample.
using Pneumonia.ML;

string data = args.Length > 0 ? args[0] : Path.Combine("samples", "data", "chest-xray-sample");
if (!Directory.Exists(data))
{
    Console.Error.WriteLine($"No data folder at '{Path.GetFullPath(data)}': run from the repository root or pass the folder.");
    return 1;
}

var options = new PneumoniaTrainingOptions { Epochs = 10, ImageSize = 150, BatchSize = 8 };
using PneumoniaClassifier classifier = PneumoniaClassifier.Train(data, options);   // reads train/ (and val/)

PneumoniaMetrics m = classifier.Evaluate(data);                                     // reads test/
Console.WriteLine($"Test images: {m.Count}, accuracy {m.Accuracy:P1}, sensitivity {m.Sensitivity:P1}, " +
                  $"specificity {m.Specificity:P1}, AUC {m.Auc:F3}");

string modelPath = Path.Combine(Path.GetTempPath(), "pneumonia-quickstart.model");
classifier.Save(modelPath);
using PneumoniaClassifier loaded = PneumoniaClassifier.Load(modelPath);
Console.WriteLine($"Saved and reloaded {modelPath} ({loaded.Architecture}, {loaded.ImageSize} px)");

foreach (string label in new[] { "NORMAL", "PNEUMONIA" })
{
    string image = Directory.GetFiles(Path.Combine(data, "test", label)).Order().First();
    PneumoniaPrediction p = loaded.Predict(image);
    Console.WriteLine($"{Path.GetFileName(image)} (truly {label}): {p.Label}, P(pneumonia) = {p.Probability:F3}");
}
return 0;
