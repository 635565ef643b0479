using Pneumonia.ML;

namespace Pneumonia.Cli;

/// <summary>
/// What <c>evaluate --report DIR</c> writes: <c>metrics.json</c> (as <c>--json</c> prints it) and the library's
/// evaluation report — <c>report.html</c> (self-contained: metrics with 95% intervals, curves, calibration, the most
/// confident errors with Grad-CAM heat maps), <c>predictions.csv</c> (<c>path,label,probability,prediction,patient</c>)
/// and the pictures as PNG.
/// </summary>
internal static class EvaluationReport
{
    public const string MetricsFileName = "metrics.json";

    /// <summary>Writes the report files and returns the main ones' paths and how many images the input check flagged.</summary>
    public static (IReadOnlyList<string> Files, int UnusualImages) Write(PneumoniaClassifier classifier, PneumoniaMetrics metrics, string dataFolder,
        string reportFolder, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(reportFolder);
        string metricsPath = Path.GetFullPath(Path.Combine(reportFolder, MetricsFileName));
        File.WriteAllText(metricsPath, MetricsJson.Serialize(metrics) + Environment.NewLine);

        PneumoniaEvaluation evaluation = classifier.EvaluateDetailed(dataFolder, cancellationToken: cancellationToken);
        string html = PneumoniaReport.Write(evaluation, classifier, reportFolder);
        return ([metricsPath, html, Path.Combine(Path.GetDirectoryName(html)!, "predictions.csv")],
            evaluation.Images.Count(i => i.InputCheck?.IsUnusual == true));
    }
}
