// Pneumonia.ML evaluation report: score a folder of labelled X-rays with a saved model and write report.html,
// predictions.csv and the pictures. Usage: dotnet run --project samples/Pneumonia.Report -- MODEL IMAGES [OUTPUT]
// IMAGES is a folder with NORMAL/ and PNEUMONIA/, or a Kaggle root (its test/ folder is used). OUTPUT defaults to ./report.
// Exit codes: the samples' table (samples/Shared/ExitCodes.cs, docs/cli.md): 1 usage, 2 data, 3 model, 4 output.
using System.Globalization;
using Pneumonia.ML;
using Pneumonia.Samples;

SampleErrors.ExitOnUnhandledException();
if (args.Length is < 2 or > 3)
{
    Console.Error.WriteLine("Usage: Pneumonia.Report MODEL IMAGES [OUTPUT]");
    Console.Error.WriteLine("  MODEL   a model file written by PneumoniaClassifier.Save (the demo writes one and prints where)");
    Console.Error.WriteLine("  IMAGES  a folder with NORMAL/ and PNEUMONIA/, or a Kaggle root (its test/ folder is used)");
    Console.Error.WriteLine("  OUTPUT  where to write report.html, predictions.csv and the pictures (default: ./report)");
    return ExitCodes.UsageError;
}
string output = args.Length == 3 ? args[2] : "report";
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

using PneumoniaClassifier classifier = PneumoniaClassifier.Load(args[0]);
Console.WriteLine($"Evaluating {classifier.Architecture} ({classifier.ImageSize} px, threshold {classifier.Threshold:0.###}) on {args[1]} ...");
PneumoniaEvaluation evaluation = classifier.EvaluateDetailed(args[1]);
string html = PneumoniaReport.Write(evaluation, classifier, output);

PneumoniaMetricIntervals ci = evaluation.Intervals;
Console.WriteLine($"{evaluation.Metrics.Count} images");
foreach ((string name, PneumoniaInterval interval) in new[]
{
    ("Sensitivity", ci.Sensitivity), ("Specificity", ci.Specificity), ("PPV", ci.Precision),
    ("NPV", ci.NegativePredictiveValue), ("Accuracy", ci.Accuracy), ("F1", ci.F1), ("ROC AUC", ci.Auc),
})
    Console.WriteLine($"  {name,-12} {interval.Estimate,7:0.000}   {evaluation.ConfidenceLevel:0%} CI {interval.Lower:0.000}–{interval.Upper:0.000}   ({interval.Method})");
Console.WriteLine($"  {"Brier",-12} {evaluation.Calibration.BrierScore,7:0.000}   ECE {evaluation.Calibration.ExpectedCalibrationError:0.000}");
Console.WriteLine($"Report: {html}");
return ExitCodes.Success;
