using System.Text.Json;
using Pneumonia.ML;
using Pneumonia.ML.Data;
using Pneumonia.ML.Evaluation;
using Pneumonia.ML.Evaluation.Statistics;
using static TorchSharp.torch;

namespace Pneumonia.Bench;

/// <summary>
/// Issue #12, item 4: does test-time augmentation help? A cross-validation's fold networks score their held-out
/// patients once as they are and once as the mean logit over three views (as is, zoomed to 0.93 and to 1.07 about the
/// centre: the training augmentation's zoom range, no flips), unshifted and under the shift proxy's hardest conditions.
/// Out-of-fold AUC, Brier and ECE (threshold-free) and sensitivity and specificity at the fold networks' threshold.
/// </summary>
internal static class TtaRun
{
    public sealed record Row(string Condition, string Scoring, double Auc, double Sensitivity, double Specificity, double Brier, double Ece);

    private static readonly (string Name, Func<Tensor, Tensor> View)[] Views =
    [
        ("as is", x => x),
        ("zoom 0.93", x => Zoom(x, 0.93f)),
        ("zoom 1.07", x => Zoom(x, 1.07f)),
    ];

    /// <summary>The unshifted images and the conditions of the shift proxy that cost the most specificity.</summary>
    private static readonly string[] Conditions =
        ["collimation, 10% black borders", "collimation, 8% white borders", "letterbox to 4:5 (black sides)", "downscale to 64 px and back"];

    private static Tensor Zoom(Tensor x, float scale)
    {
        long n = x.shape[0];
        return ImageOps.Affine(x, zeros(n), full(n, scale), zeros(n), zeros(n));
    }

    public static IReadOnlyList<Row> Run(string data, string name, int folds, int seed, string outputFolder, TextWriter log)
    {
        string modelFolder = Path.Combine(outputFolder, $"cv-{name}");
        IReadOnlyList<ImageRecord> records = ImageFolder.Read(data, ImageFolder.Split.Training);
        int[] foldOf = PatientFolds.Assign(records, folds, seed);
        bool[] labels = records.Select(r => r.Label).ToArray();
        var shifts = new List<(string Name, Func<Tensor, Tensor> Shift)> { ("none (baseline)", x => x) };
        shifts.AddRange(ShiftProxyRun.SiteShifts.Where(s => Conditions.Contains(s.Name)));
        // plain[c][i], tta[c][i]: image i's out-of-fold probability under condition c, one view or the views' mean logit.
        var plain = shifts.Select(_ => new float[records.Count]).ToArray();
        var tta = shifts.Select(_ => new float[records.Count]).ToArray();
        double threshold = double.NaN;

        for (int fold = 0; fold < folds; fold++)
        {
            using PneumoniaClassifier classifier = PneumoniaClassifier.Load(Path.Combine(modelFolder, $"fold{fold + 1}.model"));
            threshold = classifier.Threshold;
            int[] indices = Enumerable.Range(0, records.Count).Where(i => foldOf[i] == fold).ToArray();
            DecodedImages images = classifier.Preprocessor.Decode(indices.Select(i => records[i]).ToArray());
            for (int c = 0; c < shifts.Count; c++)
            {
                Func<Tensor, Tensor> shift = shifts[c].Shift;
                float[][] byView = Views.Select(v => classifier.Probabilities(images, x => v.View(shift(x)))).ToArray();
                for (int k = 0; k < indices.Length; k++)
                {
                    plain[c][indices[k]] = byView[0][k];
                    tta[c][indices[k]] = (float)Sigmoid(byView.Average(p => Logit(p[k])));
                }
            }
            log.WriteLine($"fold {fold + 1}/{folds}: {shifts.Count} conditions × {Views.Length} views");
        }

        var rows = new List<Row>();
        for (int c = 0; c < shifts.Count; c++)
            foreach (var (scoring, probabilities) in new[] { ("one view", plain[c]), ($"TTA, {Views.Length} views", tta[c]) })
            {
                PneumoniaMetrics m = MetricsCalculator.Compute(labels, probabilities, threshold);
                PneumoniaCalibration cal = CalibrationCalculator.Compute(labels, probabilities, 10, 0.95, PneumoniaProportionInterval.Wilson);
                rows.Add(new Row(shifts[c].Name, scoring, m.Auc, m.Sensitivity, m.Specificity, cal.BrierScore, cal.ExpectedCalibrationError));
            }
        log.WriteLine($"| condition | scoring | AUC | sensitivity | specificity | Brier | ECE |  (threshold {threshold:F4})");
        log.WriteLine("|---|---|---|---|---|---|---|");
        foreach (Row r in rows)
            log.WriteLine($"| {r.Condition} | {r.Scoring} | {r.Auc:F4} | {r.Sensitivity:F4} | {r.Specificity:F4} | {r.Brier:F4} | {r.Ece:F4} |");
        File.AppendAllText(Path.Combine(outputFolder, "tta.jsonl"),
            JsonSerializer.Serialize(new { Name = name, Folds = folds, Seed = seed, Threshold = threshold, Rows = rows }) + "\n");
        return rows;
    }

    private static double Logit(float p)
    {
        double q = Math.Clamp(p, 1e-7, 1 - 1e-7);
        return Math.Log(q / (1 - q));
    }

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));
}
