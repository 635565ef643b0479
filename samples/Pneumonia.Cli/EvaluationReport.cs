using System.Globalization;
using System.Text;
using Pneumonia.ML;

namespace Pneumonia.Cli;

/// <summary>
/// What <c>evaluate --report DIR</c> writes: <c>metrics.json</c> (as <c>--json</c> prints it) and
/// <c>predictions.csv</c> (<c>path,label,probability,prediction</c>: one row per image, path relative to the data
/// folder, label the true class, prediction the model's) — and, once the library has it, the HTML report.
/// </summary>
internal static class EvaluationReport
{
    public const string MetricsFileName = "metrics.json";
    public const string PredictionsFileName = "predictions.csv";

    /// <summary>Writes the report files and returns their paths.</summary>
    public static IReadOnlyList<string> Write(PneumoniaClassifier classifier, PneumoniaMetrics metrics, string dataFolder,
        string reportFolder, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(reportFolder);
        string metricsPath = Path.GetFullPath(Path.Combine(reportFolder, MetricsFileName));
        File.WriteAllText(metricsPath, MetricsJson.Serialize(metrics) + Environment.NewLine);

        string predictionsPath = Path.GetFullPath(Path.Combine(reportFolder, PredictionsFileName));
        WritePredictions(classifier, dataFolder, predictionsPath, cancellationToken);

        var written = new List<string> { metricsPath, predictionsPath };
        if (WriteHtmlReport(classifier, metrics, dataFolder, reportFolder, cancellationToken) is { } html) written.Add(html);
        return written;
    }

    // ============================================================================================================
    // HTML REPORT HOOK — the one place where the library's HTML evaluation report (issue #4, being built in the
    // library, not merged yet) will be called. Replace the body with that call, write the file into reportFolder
    // and return its path. Until then there is no HTML report and this returns null.
    // ============================================================================================================
    private static string? WriteHtmlReport(PneumoniaClassifier classifier, PneumoniaMetrics metrics, string dataFolder,
        string reportFolder, CancellationToken cancellationToken)
    {
        _ = (classifier, metrics, dataFolder, reportFolder, cancellationToken);
        return null;
    }

    private static void WritePredictions(PneumoniaClassifier classifier, string dataFolder, string path, CancellationToken cancellationToken)
    {
        IReadOnlyList<(string Path, string Label)> images = EvaluationImages.Find(dataFolder);
        var predictions = new PneumoniaPrediction[images.Count];
        Parallel.For(0, images.Count, new ParallelOptions { CancellationToken = cancellationToken },
            i => predictions[i] = classifier.Predict(images[i].Path));

        var csv = new StringBuilder("path,label,probability,prediction\n");
        for (int i = 0; i < images.Count; i++)
        {
            string relative = Path.GetRelativePath(dataFolder, images[i].Path).Replace('\\', '/');
            csv.Append(Field(relative)).Append(',').Append(images[i].Label).Append(',')
               .Append(predictions[i].Probability.ToString("R", CultureInfo.InvariantCulture)).Append(',')
               .Append(predictions[i].Label).Append('\n');
        }
        File.WriteAllText(path, csv.ToString());
    }

    /// <summary>A CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180).</summary>
    private static string Field(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) < 0 ? value : "\"" + value.Replace("\"", "\"\"") + "\"";
}
