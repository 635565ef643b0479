// Pneumonia.ML.Inference quick start, using the NuGet package: the shipped model (or yours), predict, evaluate.
// From the repository root: dotnet run --project samples/Pneumonia.Inference.QuickStart [-- DATA_FOLDER [MODEL.pnmi]]
// DATA_FOLDER holds test/ with NORMAL/ and PNEUMONIA/ (the Kaggle layout); default: the bundled sample.
// MODEL.pnmi: a model trained with Pneumonia.ML and written by classifier.ExportInferenceModel; default: the shipped one.
using Pneumonia.ML;

string data = args.Length > 0 ? args[0] : Path.Combine("samples", "data", "chest-xray-sample");
if (!Directory.Exists(data))
{
    Console.Error.WriteLine($"No data folder at '{Path.GetFullPath(data)}': run from the repository root or pass the folder.");
    return 1;
}

using PneumoniaPredictor predictor = args.Length > 1 ? PneumoniaPredictor.Load(args[1]) : PneumoniaPredictor.LoadDefault();
Console.WriteLine($"Model: {predictor.Architecture}, {predictor.ImageSize} px, {predictor.WeightPrecision}, threshold {predictor.Threshold:F3}");

foreach (string label in new[] { "NORMAL", "PNEUMONIA" })
{
    string image = Directory.GetFiles(Path.Combine(data, "test", label)).Order().First();
    PneumoniaPrediction p = predictor.Predict(image);
    Console.WriteLine($"{Path.GetFileName(image)} (truly {label}): {p.Label}, P(pneumonia) = {p.Probability:F3}" +
                      (p.IsUnusualImage ? $", unusual: {p.InputCheck.Reason}" : ""));
}

PneumoniaEvaluation evaluation = predictor.EvaluateDetailed(data);                  // reads test/
PneumoniaMetrics m = evaluation.Metrics;
Console.WriteLine($"Test images: {m.Count}, accuracy {m.Accuracy:P1}, sensitivity {m.Sensitivity:P1}, " +
                  $"specificity {m.Specificity:P1}, AUC {m.Auc:F3} (95% CI {evaluation.Intervals.Auc.Lower:F3}–{evaluation.Intervals.Auc.Upper:F3})");
return 0;
