using System.Text;
using Pneumonia.ML.Evaluation.Charts;
using Pneumonia.ML.Evaluation.Report;

namespace Pneumonia.ML;

/// <summary>
/// Writes an evaluation as a folder a person can open: <c>report.html</c> (self-contained: every picture embedded),
/// <c>predictions.csv</c> (one row per image) and the pictures as PNG files.
/// </summary>
/// <example>
/// <code>
/// using var classifier = PneumoniaClassifier.Load("pneumonia.model");
/// PneumoniaEvaluation evaluation = classifier.EvaluateDetailed("chest_xray/test");
/// string html = PneumoniaReport.Write(evaluation, classifier, "report");
/// </code>
/// </example>
public static class PneumoniaReport
{
    /// <summary>The most confident errors shown, of each kind (false positives, false negatives).</summary>
    public const int ErrorsShownPerKind = 4;

    /// <summary>
    /// Writes the report of <paramref name="evaluation"/> into <paramref name="outputFolder"/> (created if needed;
    /// files of the same names are replaced): <c>report.html</c>, <c>predictions.csv</c>, the charts
    /// (<c>training-loss.png</c>, <c>training-accuracy.png</c>, <c>roc.png</c>, <c>precision-recall.png</c>,
    /// <c>confusion-matrix.png</c>, <c>reliability.png</c>, <c>probabilities.png</c>) and the Grad-CAM pictures of the
    /// most confident errors (<c>false-positive-1.png</c>, …, <c>false-negative-1.png</c>, …).
    /// </summary>
    /// <param name="evaluation">What <see cref="PneumoniaClassifier.EvaluateDetailed"/> returned.</param>
    /// <param name="classifier">The classifier that was evaluated: its training history is drawn and its errors explained.</param>
    /// <param name="outputFolder">Where to write.</param>
    /// <returns>The full path of <c>report.html</c>.</returns>
    public static string Write(PneumoniaEvaluation evaluation, PneumoniaClassifier classifier, string outputFolder)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputFolder);
        string folder = Directory.CreateDirectory(outputFolder).FullName;

        var charts = new List<ReportPicture>();
        IReadOnlyList<PneumoniaEpochSummary> history = classifier.TrainingHistory;
        if (history.Count > 0)
        {
            charts.Add(new("training-loss.png", TrainingCurvesChart.Loss(history),
                "Loss per epoch on the training images and on the validation patients held out of training."));
            charts.Add(new("training-accuracy.png", TrainingCurvesChart.Accuracy(history),
                "Accuracy per epoch, training and validation both at PneumoniaTrainingOptions.Threshold (0.5 by default); a threshold chosen on validation is chosen only after the last epoch."));
        }
        charts.Add(new("roc.png", RocChart.Render(evaluation),
            "Every threshold's sensitivity against its false positive rate; the diamond is the operating threshold."));
        charts.Add(new("precision-recall.png", PrecisionRecallChart.Render(evaluation),
            "Every threshold's precision (PPV) against its recall (sensitivity); the dashed line is a classifier that guesses."));
        charts.Add(new("reliability.png", ReliabilityChart.Render(evaluation),
            "Whether a predicted probability of p means pneumonia p of the time: points below the diagonal are overconfident, above it underconfident."));
        charts.Add(new("probabilities.png", ProbabilityHistogramChart.Render(evaluation),
            "How the probabilities of the normal and the pneumonia images spread around the threshold."));
        var confusion = new ReportPicture("confusion-matrix.png", ConfusionMatrixChart.Render(evaluation),
            "Truth in rows, the classifier's answer in columns.");

        var errors = new List<ReportError>();
        errors.AddRange(Explain(classifier, MostConfident(evaluation, PneumoniaClassifier.NormalLabel), "false-positive"));
        errors.AddRange(Explain(classifier, MostConfident(evaluation, PneumoniaClassifier.PneumoniaLabel), "false-negative"));

        string csv = PredictionsCsv.Format(evaluation.Images);
        foreach (ReportPicture picture in charts.Append(confusion).Concat(errors.Select(e => e.Heatmap).OfType<ReportPicture>()))
            File.WriteAllBytes(Path.Combine(folder, picture.FileName), picture.Png);
        File.WriteAllText(Path.Combine(folder, "predictions.csv"), csv, new UTF8Encoding(false));

        string html = ReportHtml.Build(evaluation, classifier, charts, confusion, errors, csv);
        string htmlPath = Path.Combine(folder, "report.html");
        File.WriteAllText(htmlPath, html, new UTF8Encoding(false));
        return htmlPath;
    }

    /// <summary>The wrongly answered images of a true label, the most confident first.</summary>
    private static IEnumerable<PneumoniaImageScore> MostConfident(PneumoniaEvaluation evaluation, string trueLabel)
    {
        IEnumerable<PneumoniaImageScore> wrong = evaluation.Images.Where(i => i.Label == trueLabel && !i.IsCorrect);
        IOrderedEnumerable<PneumoniaImageScore> ordered = trueLabel == PneumoniaClassifier.NormalLabel
            ? wrong.OrderByDescending(i => i.Probability)
            : wrong.OrderBy(i => i.Probability);
        return ordered.ThenBy(i => i.ImagePath, StringComparer.Ordinal).Take(ErrorsShownPerKind);
    }

    private static IEnumerable<ReportError> Explain(PneumoniaClassifier classifier, IEnumerable<PneumoniaImageScore> images, string kind) =>
        images.Select((image, i) => new ReportError(image, !classifier.CanExplain ? null : new ReportPicture($"{kind}-{i + 1}.png",
            classifier.Explain(image.ImagePath).ToPng(), Path.GetFileName(image.ImagePath))));
}
