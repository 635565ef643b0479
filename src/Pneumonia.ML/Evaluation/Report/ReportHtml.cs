using System.Globalization;
using System.Net;
using System.Text;
using static System.FormattableString;

namespace Pneumonia.ML.Evaluation.Report;

/// <summary>
/// The self-contained HTML page of a report: every picture and the CSV embedded as base64 data URLs, no script,
/// no external resource. The styling is greyscale, so that every colour on the page comes from the pictures.
/// </summary>
internal static class ReportHtml
{
    public static string Build(PneumoniaEvaluation evaluation, PneumoniaClassifier classifier, IReadOnlyList<ReportPicture> charts,
        ReportPicture confusion, IReadOnlyList<ReportError> errors, string csv)
    {
        PneumoniaMetrics m = evaluation.Metrics;
        PneumoniaConfusionMatrix c = m.ConfusionMatrix;
        int pneumonia = c.TruePositives + c.FalseNegatives, normal = c.TrueNegatives + c.FalsePositives;
        int patients = evaluation.Images.Select(i => i.PatientId).Distinct(StringComparer.Ordinal).Count();
        string level = Invariant($"{evaluation.ConfidenceLevel:0%}");

        var html = new StringBuilder();
        html.Append($$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>Pneumonia.ML evaluation report</title>
            <style>
            body { font-family: "Segoe UI", "Helvetica Neue", Arial, sans-serif; color: #222; background: #fff; margin: 0; }
            main { max-width: 1200px; margin: 0 auto; padding: 24px 32px 48px; }
            h1 { font-size: 28px; margin: 0 0 6px; }
            h2 { font-size: 20px; margin: 36px 0 12px; padding-bottom: 4px; border-bottom: 1px solid #ccc; }
            p, li { line-height: 1.45; }
            .meta { color: #555; margin: 0 0 4px; }
            .warning { background: #f3f3f3; border-left: 4px solid #555; padding: 10px 14px; margin: 16px 0; }
            .summary { display: flex; gap: 32px; align-items: flex-start; flex-wrap: wrap; }
            .summary > .metrics { flex: 1 1 640px; }
            .summary > .confusion { flex: 0 1 440px; }
            .metrics table { width: 100%; margin-bottom: 16px; }
            table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
            th, td { padding: 5px 10px; border-bottom: 1px solid #e2e2e2; text-align: left; vertical-align: top; }
            th { background: #f3f3f3; font-weight: 600; }
            td.number { text-align: right; white-space: nowrap; }
            .figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(500px, 1fr)); gap: 20px; }
            .errors { display: grid; grid-template-columns: repeat(auto-fill, minmax(340px, 1fr)); gap: 16px; }
            figure { margin: 0; }
            figure img { width: 100%; height: auto; border: 1px solid #ddd; display: block; }
            figcaption { color: #555; font-size: 14px; margin-top: 6px; }
            .confusion img { width: 100%; }
            code { background: #f3f3f3; padding: 1px 4px; }
            </style>
            </head>
            <body>
            <main>
            <h1>Pneumonia.ML evaluation report</h1>
            <p class="meta">{{TextInvariant($"{m.Count} images of {patients} patients in {evaluation.Folder}: {normal} NORMAL, {pneumonia} PNEUMONIA (prevalence {Ratio(pneumonia, m.Count)}).")}}</p>
            <p class="meta">{{TextInvariant($"Model: {classifier.Architecture}, {classifier.ImageSize}×{classifier.ImageSize} px, {classifier.TrainingHistory.Count} training epochs. Written {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC by Pneumonia.ML {Version}.")}}</p>
            <p class="warning"><strong>Not a medical device.</strong> These figures describe one model on one set of images. Intervals assume the images are a random sample of the population the model is meant for; they say nothing about other hospitals, machines or patients.</p>

            <h2>Performance at the operating threshold</h2>
            <p><strong>{{Text(Invariant($"Operating threshold {m.Threshold:0.###}"))}}</strong>: an image is called PNEUMONIA when its probability is at or above it. {{Text(evaluation.ThresholdOrigin)}}</p>
            <div class="summary">
            <div class="metrics">
            <table>
            <tr><th>Metric</th><th>Estimate</th><th>{{level}} CI</th><th>Counts</th><th>Interval method</th></tr>

            """);
        PneumoniaMetricIntervals ci = evaluation.Intervals;
        Row(html, "Sensitivity (recall of pneumonia)", ci.Sensitivity, Percent, $"{c.TruePositives} / {pneumonia}");
        Row(html, "Specificity (recall of normal)", ci.Specificity, Percent, $"{c.TrueNegatives} / {normal}");
        Row(html, "Positive predictive value (precision)", ci.Precision, Percent, $"{c.TruePositives} / {c.TruePositives + c.FalsePositives}");
        Row(html, "Negative predictive value", ci.NegativePredictiveValue, Percent, $"{c.TrueNegatives} / {c.TrueNegatives + c.FalseNegatives}");
        Row(html, "Accuracy", ci.Accuracy, Percent, $"{c.TruePositives + c.TrueNegatives} / {m.Count}");
        Row(html, "F1 score", ci.F1, Decimal, "");
        Row(html, "ROC AUC (all thresholds)", ci.Auc, Decimal, $"{pneumonia} × {normal} pairs");
        html.Append($$"""
            </table>
            <table>
            <tr><th>Threshold-free and calibration</th><th>Value</th></tr>
            <tr><td>Average precision (area under the precision–recall curve)</td><td class="number">{{Decimal(evaluation.AveragePrecision)}}</td></tr>
            <tr><td>Brier score (0 is perfect; always answering the prevalence scores {{Decimal((double)pneumonia / m.Count * normal / m.Count)}})</td><td class="number">{{Decimal(evaluation.Calibration.BrierScore)}}</td></tr>
            <tr><td>{{TextInvariant($"Expected calibration error ({evaluation.Calibration.Bins.Count} equal-width bins)")}}</td><td class="number">{{Decimal(evaluation.Calibration.ExpectedCalibrationError)}}</td></tr>
            <tr><td>Log-loss (nats per image)</td><td class="number">{{Decimal(m.LogLoss)}}</td></tr>
            </table>
            </div>
            <div class="confusion">{{Figure(confusion)}}</div>
            </div>

            <h2>Curves</h2>
            <div class="figures">

            """);
        foreach (ReportPicture chart in charts.Where(p => !p.FileName.StartsWith("training-", StringComparison.Ordinal)))
            html.Append(Figure(chart)).Append('\n');
        html.Append("</div>\n");

        ReportPicture[] training = charts.Where(p => p.FileName.StartsWith("training-", StringComparison.Ordinal)).ToArray();
        if (training.Length > 0)
        {
            html.Append("<h2>Training</h2>\n<div class=\"figures\">\n");
            foreach (ReportPicture chart in training) html.Append(Figure(chart)).Append('\n');
            html.Append("</div>\n");
        }

        if (evaluation.ClassMetrics is { } classMetrics) AppendClasses(html, classMetrics, classifier, level);
        AppendOperatingPoints(html, classifier, evaluation);
        AppendCalibrationTable(html, evaluation, level);
        AppendErrors(html, errors);
        AppendUnusualImages(html, evaluation, classifier);

        html.Append($$"""
            <h2>Per-image predictions</h2>
            <p>{{TextInvariant($"Every image with its truth, probability and answer: ")}}<a download="predictions.csv" href="data:text/csv;base64,{{Convert.ToBase64String(Encoding.UTF8.GetBytes(csv))}}">download predictions.csv</a>
            (also written next to this page; columns <code>{{PredictionsCsv.Header}}</code>).</p>

            <h2>Methods</h2>
            <ul>
            <li>{{TextInvariant($"Sensitivity, specificity, predictive values and accuracy are proportions; their {level} intervals are {ci.Sensitivity.Method} intervals (Wilson 1927; Newcombe 1998).")}}</li>
            <li>{{TextInvariant($"The ROC AUC is the Mann–Whitney statistic (ties count one half); its interval uses DeLong, DeLong and Clarke-Pearson's (1988) variance with a normal approximation, clipped to [0, 1].")}}</li>
            <li>{{TextInvariant($"The F1 interval is the percentile interval of a {ci.F1.Method}: patients, not images, are drawn with replacement within each class, so that several images of one patient count once.")}}</li>
            <li>Other intervals treat images as independent; where a patient has several images they are somewhat too narrow.</li>
            <li>The reliability curve bins the probabilities into equal-width bins; the expected calibration error is the count-weighted mean gap between each bin's mean probability and its observed frequency (Naeini et al. 2015; Guo et al. 2017).</li>
            <li>Heat maps are Grad-CAM (Selvaraju et al. 2017) of the predicted class over the network's last convolutional feature map, upsampled to the input and scaled to its maximum. They show which regions raised the score, not a diagnosis.</li>
            </ul>
            </main>
            </body>
            </html>

            """);
        return html.ToString();
    }

    /// <summary>A multi-class model's per-class figures and its N×N confusion matrix (the most probable class is the answer).</summary>
    private static void AppendClasses(StringBuilder html, PneumoniaMulticlassMetrics m, PneumoniaClassifier classifier, string level)
    {
        html.Append("<h2>Classes</h2>\n<p>").Append(TextInvariant(
            $"The model tells {m.Classes.Count} classes apart ({classifier.ClassesDescription}); each image's answer is its most probable class. The figures above are the binary view: pneumonia is every class but NORMAL, with probability 1 − P(NORMAL)."))
            .Append("</p>\n<table>\n<tr><th>Overall</th><th>Value</th></tr>\n");
        html.Append($"<tr><td>Micro accuracy (share of images answered with their class)</td><td class=\"number\">{Percent(m.MicroAccuracy)} ({level} CI {Percent(m.MicroAccuracyInterval.Lower)}–{Percent(m.MicroAccuracyInterval.Upper)})</td></tr>\n");
        html.Append($"<tr><td>Macro accuracy (mean of the classes' sensitivities)</td><td class=\"number\">{Percent(m.MacroAccuracy)}</td></tr>\n");
        html.Append($"<tr><td>Log-loss (nats per image)</td><td class=\"number\">{Decimal(m.LogLoss)}</td></tr>\n");
        html.Append($"<tr><td>Log-loss reduction (against the class frequencies)</td><td class=\"number\">{Decimal(m.LogLossReduction)}</td></tr>\n</table>\n");

        html.Append($"<table>\n<tr><th>Class</th><th>Images</th><th>Answered</th><th>Sensitivity ({level} CI)</th><th>Specificity ({level} CI)</th><th>Precision ({level} CI)</th><th>One-vs-rest AUC ({level} CI)</th><th>Log-loss</th></tr>\n");
        foreach (PneumoniaClassMetrics c in m.PerClass)
        {
            html.Append($"<tr><td>{Text(c.ClassName)}</td><td class=\"number\">{c.Count}</td><td class=\"number\">{c.PredictedCount}</td>" +
                $"<td class=\"number\">{Interval(c.Sensitivity, Percent)}</td><td class=\"number\">{Interval(c.Specificity, Percent)}</td>" +
                $"<td class=\"number\">{Interval(c.Precision, Percent)}</td><td class=\"number\">{Interval(c.Auc, Decimal)}</td><td class=\"number\">{Decimal(c.LogLoss)}</td></tr>\n");
        }
        html.Append("</table>\n<table>\n<tr><th>Truth \\ answer</th>");
        foreach (string name in m.Classes) html.Append($"<th>{Text(name)}</th>");
        html.Append("</tr>\n");
        for (int actual = 0; actual < m.Classes.Count; actual++)
        {
            html.Append($"<tr><th>{Text(m.Classes[actual])}</th>");
            foreach (int count in m.ConfusionMatrix.Counts[actual]) html.Append($"<td class=\"number\">{count}</td>");
            html.Append("</tr>\n");
        }
        html.Append("</table>\n");

        static string Interval(PneumoniaInterval interval, Func<double, string> format) =>
            $"{format(interval.Estimate)} ({format(interval.Lower)}–{format(interval.Upper)})";
    }

    /// <summary>The model's stored operating points: what each gave where it was chosen, and what it gives on these images.</summary>
    private static void AppendOperatingPoints(StringBuilder html, PneumoniaClassifier classifier, PneumoniaEvaluation evaluation)
    {
        if (classifier.OperatingPoints.Count == 0) return;
        html.Append("<h2>Operating points</h2>\n<p>Thresholds stored in the model, chosen on its out-of-fold predictions before these images were seen.</p>\n<table>\n" +
            "<tr><th>Chosen for</th><th>Threshold</th><th>Sensitivity where chosen</th><th>Specificity where chosen</th><th>Sensitivity here</th><th>Specificity here</th></tr>\n");
        bool[] labels = evaluation.Images.Select(i => i.Label == PneumoniaClassifier.PneumoniaLabel).ToArray();
        float[] probabilities = evaluation.Images.Select(i => i.Probability).ToArray();
        foreach (PneumoniaOperatingPoint point in classifier.OperatingPoints)
        {
            PneumoniaMetrics here = MetricsCalculator.Compute(labels, probabilities, point.Threshold);
            html.Append(Invariant($"<tr><td>{Text(point.Name)}</td><td class=\"number\">{point.Threshold:0.0000}</td><td class=\"number\">{Percent(point.Sensitivity)}</td><td class=\"number\">{Percent(point.Specificity)}</td><td class=\"number\">{Percent(here.Sensitivity)}</td><td class=\"number\">{Percent(here.Specificity)}</td></tr>\n"));
        }
        html.Append("</table>\n");
    }

    private static void AppendCalibrationTable(StringBuilder html, PneumoniaEvaluation evaluation, string level)
    {
        html.Append($"<h2>Calibration by probability bin</h2>\n<table>\n<tr><th>Predicted probability</th><th>Images</th><th>Mean probability</th><th>Observed frequency of pneumonia</th><th>{level} CI</th></tr>\n");
        foreach (PneumoniaCalibrationBin bin in evaluation.Calibration.Bins.Where(b => b.Count > 0))
            html.Append(Invariant($"<tr><td>{bin.Lower:0.0#}–{bin.Upper:0.0#}</td><td class=\"number\">{bin.Count}</td><td class=\"number\">{Decimal(bin.MeanProbability)}</td><td class=\"number\">{Percent(bin.ObservedFrequency)}</td><td class=\"number\">{Percent(bin.ObservedInterval.Lower)} – {Percent(bin.ObservedInterval.Upper)}</td></tr>\n"));
        html.Append("</table>\n");
    }

    /// <summary>The images the input check flagged: their answers mean nothing, whatever the metrics above counted.</summary>
    private static void AppendUnusualImages(StringBuilder html, PneumoniaEvaluation evaluation, PneumoniaClassifier classifier)
    {
        PneumoniaImageScore[] checkedImages = evaluation.Images.Where(i => i.InputCheck is not null).ToArray();
        if (checkedImages.Length == 0) return;
        PneumoniaImageScore[] unusual = checkedImages.Where(i => i.InputCheck!.IsUnusual).ToArray();
        html.Append("<h2>Unusual images</h2>\n");
        string scope = classifier.HasFeatureStatistics
            ? "image statistics (blank, tiny, colour, inverted, turned) and the distance of the network's features from its training X-rays'"
            : "image statistics only (blank, tiny, colour, inverted, turned): this model holds no training feature statistics";
        html.Append($"<p>{TextInvariant($"The input check ({scope}) flagged {unusual.Length} of {checkedImages.Length} images as unlike the chest X-rays the classifier was trained on; their answers are counted above but mean nothing.")}</p>\n");
        if (unusual.Length == 0) return;
        html.Append("<table>\n<tr><th>Image</th><th>Truth</th><th>Called</th><th>Why it is unusual</th></tr>\n");
        foreach (PneumoniaImageScore image in unusual)
            html.Append($"<tr><td>{Text(Path.GetFileName(image.ImagePath))}</td><td>{Text(image.Label)}</td><td>{Text(image.PredictedLabel)}</td><td>{Text(image.InputCheck!.Reason!)}</td></tr>\n");
        html.Append("</table>\n");
    }

    private static void AppendErrors(StringBuilder html, IReadOnlyList<ReportError> errors)
    {
        html.Append("<h2>Most confident errors</h2>\n");
        foreach ((string label, string title, string explanation) in new[]
        {
            (PneumoniaClassifier.NormalLabel, "False positives: normal X-rays called pneumonia", "highest probability first; the heat shows what raised the score of pneumonia"),
            (PneumoniaClassifier.PneumoniaLabel, "False negatives: pneumonia called normal", "lowest probability first; the heat shows what raised the score of normal"),
        })
        {
            ReportError[] ofKind = errors.Where(e => e.Image.Label == label).ToArray();
            html.Append($"<h3>{Text(title)}</h3>\n");
            if (ofKind.Length == 0)
            {
                html.Append("<p>None at this threshold.</p>\n");
                continue;
            }
            html.Append($"<p class=\"meta\">{TextInvariant($"Up to {PneumoniaReport.ErrorsShownPerKind}, {explanation}.")}</p>\n<div class=\"errors\">\n");
            foreach (ReportError error in ofKind)
            {
                string caption = Invariant($"{Path.GetFileName(error.Image.ImagePath)} — truth {error.Image.Label}, called {error.Image.PredictedLabel}, p(pneumonia) = {error.Image.Probability:0.000}");
                html.Append(error.Heatmap is null
                    ? $"<p>{Text(caption)} (this network does not support Grad-CAM)</p>\n"
                    : $"<figure><a href=\"{error.Heatmap.FileName}\"><img alt=\"{Text(caption)}\" src=\"data:image/png;base64,{Convert.ToBase64String(error.Heatmap.Png)}\"></a><figcaption>{Text(caption)}</figcaption></figure>\n");
            }
            html.Append("</div>\n");
        }
    }

    private static void Row(StringBuilder html, string name, PneumoniaInterval interval, Func<double, string> format, string counts) =>
        html.Append($"<tr><td>{Text(name)}</td><td class=\"number\">{format(interval.Estimate)}</td><td class=\"number\">{(double.IsNaN(interval.Lower) ? "—" : $"{format(interval.Lower)} – {format(interval.Upper)}")}</td><td class=\"number\">{Text(counts)}</td><td>{Text(interval.Method)}</td></tr>\n");

    private static string Figure(ReportPicture picture) =>
        $"<figure><img alt=\"{Text(picture.Caption)}\" src=\"data:image/png;base64,{Convert.ToBase64String(picture.Png)}\"><figcaption>{Text(picture.Caption)}</figcaption></figure>";

    private static string Percent(double value) => double.IsNaN(value) ? "—" : value.ToString("0.0%", CultureInfo.InvariantCulture);

    private static string Decimal(double value) => double.IsNaN(value) ? "—" : value.ToString("0.000", CultureInfo.InvariantCulture);

    private static string Ratio(int part, int whole) => whole == 0 ? "—" : ((double)part / whole).ToString("0.0%", CultureInfo.InvariantCulture);

    private static string TextInvariant(FormattableString text) => WebUtility.HtmlEncode(text.ToString(CultureInfo.InvariantCulture));

    private static string Text(string text) => WebUtility.HtmlEncode(text);

    private static string Version => typeof(PneumoniaClassifier).Assembly.GetName().Version?.ToString() ?? "unknown";
}
