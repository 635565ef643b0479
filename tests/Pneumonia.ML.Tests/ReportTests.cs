using System.Globalization;
using System.Text.RegularExpressions;
using SkiaSharp;

namespace Pneumonia.ML.Tests;

[Collection(ReportCollection.Name)]
public partial class ReportTests(ReportFixture report)
{
    [Fact]
    public void EvaluateDetailed_agrees_with_Evaluate_and_Predict_and_its_intervals_hold_their_estimates()
    {
        PneumoniaEvaluation evaluation = report.Evaluation;
        Assert.Equal(report.Classifier.Evaluate(Fixtures.SampleTest), evaluation.Metrics);
        Assert.Equal(20, evaluation.Images.Count);
        foreach (PneumoniaImageScore image in evaluation.Images)
        {
            // Batches and single images may differ in the last float bits.
            PneumoniaPrediction prediction = report.Classifier.Predict(image.ImagePath);
            Assert.Equal(prediction.Probability, image.Probability, 1e-5);
            if (Math.Abs(prediction.Probability - prediction.Threshold) > 1e-4) Assert.Equal(prediction.Label, image.PredictedLabel);
            Assert.Equal(Path.GetFileName(Path.GetDirectoryName(image.ImagePath)), image.Label);
        }

        PneumoniaMetricIntervals ci = evaluation.Intervals;
        foreach (PneumoniaInterval interval in new[] { ci.Accuracy, ci.Sensitivity, ci.Specificity, ci.F1, ci.Auc })
            Assert.InRange(interval.Estimate, interval.Lower, interval.Upper);
        Assert.Equal(evaluation.Metrics.Sensitivity, ci.Sensitivity.Estimate, 12);
        Assert.Equal(evaluation.Metrics.Auc, ci.Auc.Estimate, 12);
        Assert.Equal("Wilson score", ci.Accuracy.Method);
        Assert.Equal("DeLong", ci.Auc.Method);
        Assert.Equal(0.95, evaluation.ConfidenceLevel);
        Assert.Contains("not tuned", evaluation.ThresholdOrigin);
        Assert.Equal((0.0, 0.0), (evaluation.RocCurve[0].FalsePositiveRate, evaluation.RocCurve[0].TruePositiveRate));
        Assert.Equal((1.0, 1.0), (evaluation.RocCurve[^1].FalsePositiveRate, evaluation.RocCurve[^1].TruePositiveRate));
        Assert.Equal(20, evaluation.Calibration.Bins.Sum(b => b.Count));
    }

    [Fact]
    public void Evaluation_options_change_the_intervals_and_bad_ones_are_refused()
    {
        var exact = report.Classifier.EvaluateDetailed(Fixtures.SampleTest,
            new PneumoniaEvaluationOptions { ConfidenceLevel = 0.99, ProportionInterval = PneumoniaProportionInterval.ClopperPearson, CalibrationBins = 5 });
        Assert.Equal("Clopper–Pearson exact", exact.Intervals.Sensitivity.Method);
        Assert.True(exact.Intervals.Accuracy.Upper - exact.Intervals.Accuracy.Lower >
                    report.Evaluation.Intervals.Accuracy.Upper - report.Evaluation.Intervals.Accuracy.Lower);
        Assert.Equal(5, exact.Calibration.Bins.Count);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            report.Classifier.EvaluateDetailed(Fixtures.SampleTest, new PneumoniaEvaluationOptions { ConfidenceLevel = 95 }));
        Assert.Contains("ConfidenceLevel", error.Message);
    }

    [Fact]
    public void Every_picture_is_a_PNG_of_the_expected_size()
    {
        var expected = new Dictionary<string, (int Width, int Height)>
        {
            ["training-loss.png"] = (720, 540),
            ["training-accuracy.png"] = (720, 540),
            ["roc.png"] = (720, 540),
            ["precision-recall.png"] = (720, 540),
            ["reliability.png"] = (720, 540),
            ["probabilities.png"] = (720, 540),
            ["confusion-matrix.png"] = (540, 540),
        };
        int errors = report.Evaluation.Images.Count(i => !i.IsCorrect && i.Label == "NORMAL");
        for (int i = 1; i <= Math.Min(errors, PneumoniaReport.ErrorsShownPerKind); i++) expected[$"false-positive-{i}.png"] = (600, 600);
        errors = report.Evaluation.Images.Count(i => !i.IsCorrect && i.Label == "PNEUMONIA");
        for (int i = 1; i <= Math.Min(errors, PneumoniaReport.ErrorsShownPerKind); i++) expected[$"false-negative-{i}.png"] = (600, 600);

        Assert.Equal(expected.Keys.Order(), Directory.GetFiles(report.Folder, "*.png").Select(Path.GetFileName).Order()!);
        foreach ((string file, (int width, int height)) in expected)
        {
            using SKBitmap? bitmap = SKBitmap.Decode(Path.Combine(report.Folder, file));
            Assert.True(bitmap is not null, $"{file} should decode as an image");
            Assert.Equal((width, height), (bitmap.Width, bitmap.Height));
        }
    }

    [Fact]
    public void The_CSV_has_one_row_per_image_with_its_label_probability_and_prediction()
    {
        string[] lines = File.ReadAllLines(Path.Combine(report.Folder, "predictions.csv"));
        Assert.Equal("path,label,probability,prediction,patient", lines[0]);
        Assert.Equal(report.Evaluation.Images.Count + 1, lines.Length);
        foreach ((string line, PneumoniaImageScore image) in lines.Skip(1).Zip(report.Evaluation.Images))
        {
            string[] fields = line.Split(',');
            Assert.Equal([image.ImagePath, image.Label], fields[..2]);
            Assert.Equal(image.Probability, double.Parse(fields[2], CultureInfo.InvariantCulture), 1e-6);
            Assert.Equal([image.PredictedLabel, image.PatientId], fields[3..]);
        }
    }

    [Fact]
    public void The_HTML_embeds_every_picture_and_reaches_for_nothing_outside()
    {
        string html = File.ReadAllText(report.HtmlPath);
        string[] sources = ImageSource().Matches(html).Select(m => m.Groups[1].Value).ToArray();
        int pictures = Directory.GetFiles(report.Folder, "*.png").Length;
        Assert.Equal(pictures, sources.Length);
        foreach (string source in sources)
        {
            Assert.StartsWith("data:image/png;base64,", source);
            using SKBitmap? bitmap = SKBitmap.Decode(Convert.FromBase64String(source["data:image/png;base64,".Length..]));
            Assert.NotNull(bitmap);
        }
        Assert.DoesNotContain("http://", html);
        Assert.DoesNotContain("https://", html);
        Assert.DoesNotContain("<script", html);
        Assert.Contains("Wilson score", html);
        Assert.Contains("DeLong", html);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"Operating threshold {report.Classifier.Threshold:0.###}"), html);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(report.Classifier.ThresholdChoice), html);
    }

    [GeneratedRegex("<img [^>]*src=\"([^\"]*)\"")]
    private static partial Regex ImageSource();
}
