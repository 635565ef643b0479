using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Pneumonia.ML;
using Pneumonia.ML.Data;
using Pneumonia.ML.Evaluation;

namespace Pneumonia.Bench;

/// <summary>
/// Issue #16: the three-class task (NORMAL / BACTERIAL / VIRAL from the file names) trained on the training folder with a
/// patient-level validation split stratified by class, one run per seed. Reports the three-class figures, the normal vs
/// pneumonia figures of the same model (P(pneumonia) = 1 − P(NORMAL) at its threshold), and the bacterial vs viral
/// sub-task beside Kermany et al. 2018 (accuracy 0.907, sensitivity 0.886, specificity 0.909, AUC 0.940), with 95%
/// intervals per seed (Wilson, DeLong) and over seeds (t).
/// </summary>
internal static class ThreeClassRun
{
    /// <summary>Kermany et al. 2018, bacterial vs viral, on their own test set.</summary>
    public static readonly (double Accuracy, double Sensitivity, double Specificity, double Auc) Kermany = (0.907, 0.886, 0.909, 0.940);

    public sealed record Result(
        int Seed, string Architecture, int ImageSize, int Epochs, int BestEpoch, int TrainingImages, int ValidationImages, int ValidationPatients,
        double MicroAccuracy, double MacroAccuracy, double LogLoss, int[][] ConfusionMatrix,
        double PneumoniaAccuracy, double PneumoniaSensitivity, double PneumoniaSpecificity, double PneumoniaAuc,
        int SubTaskImages, double SubTaskAccuracy, double[] SubTaskAccuracyInterval, double SubTaskSensitivity, double[] SubTaskSensitivityInterval,
        double SubTaskSpecificity, double[] SubTaskSpecificityInterval, double SubTaskAuc, double[] SubTaskAucInterval,
        double TrainingMinutes, string ModelPath, string Task = ThreeClassRun.ThreeClasses);

    /// <summary>The task of a run: NORMAL / BACTERIAL / VIRAL.</summary>
    public const string ThreeClasses = "three-class";

    /// <summary>The task of a run: BACTERIAL / VIRAL only, trained on the PNEUMONIA images (Kermany's second model).</summary>
    public const string BacterialViral = "bacterial-viral";

    /// <param name="data">The training folder (NORMAL/ and PNEUMONIA/ with Kermany's file names).</param>
    /// <param name="options">The recipe; <see cref="PneumoniaTrainingOptions.Classes"/> is set here.</param>
    /// <param name="maxImages">Train on at most this many images, spread evenly over the sorted folder (a quick check); null for all.</param>
    /// <param name="outputFolder">Where the model and three-class.jsonl go.</param>
    /// <param name="log">Training progress.</param>
    /// <param name="bacterialViralOnly">Train a second-stage model on the PNEUMONIA images only, BACTERIAL vs VIRAL, as
    /// Kermany et al. did, instead of one three-class model; the NORMAL figures are then not applicable (NaN).</param>
    public static Result Run(string data, PneumoniaTrainingOptions options, int? maxImages, string outputFolder, TextWriter log, bool bacterialViralOnly = false)
    {
        Directory.CreateDirectory(outputFolder);
        options.Classes = Subset(data, maxImages, bacterialViralOnly);
        string task = bacterialViralOnly ? BacterialViral : ThreeClasses;
        var clock = Stopwatch.StartNew();
        using PneumoniaClassifier classifier = PneumoniaClassifier.Train(data, options, new ProgressLog(log));
        double minutes = clock.Elapsed.TotalMinutes;
        string modelPath = Path.Combine(outputFolder, $"{task}-{options.Architecture}-seed{options.Seed}.model");
        classifier.Save(modelPath);

        // The trainer's own split: the same records, fraction and seed.
        (IReadOnlyList<ImageRecord> records, IReadOnlyList<string> classes) = ClassFolder.Read(data, ImageFolder.Split.Training, options.Classes);
        (IReadOnlyList<ImageRecord> train, IReadOnlyList<ImageRecord> validation) = PatientSplit.Split(records, options.ValidationFraction, options.Seed);
        IReadOnlyList<PneumoniaPrediction> predictions = classifier.Predict(validation.Select(r => r.ImagePath));
        int[] truth = validation.Select(r => r.Class).ToArray();
        float[][] probabilities = predictions.Select(p => p.ClassProbabilities.ToArray()).ToArray();

        PneumoniaMulticlassMetrics three = MulticlassMetricsCalculator.Compute(truth, probabilities, classes);
        PneumoniaMetrics? pneumonia = bacterialViralOnly ? null : MetricsCalculator.Compute(validation.Select(r => r.Label).ToArray(),
            predictions.Select(p => p.Probability).ToArray(), classifier.Threshold);
        int bacterial = IndexOf(classes, PneumoniaClasses.BacterialLabel), viral = IndexOf(classes, PneumoniaClasses.ViralLabel);
        (PneumoniaMetrics sub, PneumoniaMetricIntervals subIntervals) = MulticlassMetricsCalculator.Pairwise(truth, probabilities, bacterial, viral);

        var result = new Result(options.Seed, options.Architecture.ToString(), options.ImageSize, classifier.TrainingHistory.Count, classifier.BestEpoch,
            train.Count, validation.Count, validation.Select(r => r.PatientId).Distinct().Count(),
            three.MicroAccuracy, three.MacroAccuracy, three.LogLoss, three.ConfusionMatrix.Counts.Select(r => r.ToArray()).ToArray(),
            pneumonia?.Accuracy ?? double.NaN, pneumonia?.Sensitivity ?? double.NaN, pneumonia?.Specificity ?? double.NaN, pneumonia?.Auc ?? double.NaN,
            sub.Count, sub.Accuracy, Bounds(subIntervals.Accuracy), sub.Sensitivity, Bounds(subIntervals.Sensitivity),
            sub.Specificity, Bounds(subIntervals.Specificity), sub.Auc, Bounds(subIntervals.Auc), minutes, modelPath, task);
        File.AppendAllText(Path.Combine(outputFolder, "three-class.jsonl"), JsonSerializer.Serialize(result,
            new JsonSerializerOptions { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals }) + "\n");
        return result;
    }

    /// <summary>
    /// The three classes from the file names, or, with <paramref name="maxImages"/>, the same labels on an even subset (a
    /// rule); with <paramref name="bacterialViralOnly"/>, a rule keeping BACTERIAL and VIRAL and leaving NORMAL out.
    /// </summary>
    private static PneumoniaClasses Subset(string data, int? maxImages, bool bacterialViralOnly)
    {
        if (maxImages is null && !bacterialViralOnly) return PneumoniaClasses.NormalBacterialViral;
        (IReadOnlyList<ImageRecord> all, IReadOnlyList<string> classes) =
            ClassFolder.Read(data, ImageFolder.Split.Training, PneumoniaClasses.NormalBacterialViral);
        int count = Math.Min(maxImages ?? all.Count, all.Count);
        var kept = Enumerable.Range(0, count).Select(i => all[(int)((long)i * all.Count / count)])
            .Where(r => !bacterialViralOnly || classes[r.Class] != ImageFolder.NormalClass)
            .ToDictionary(r => r.ImagePath, r => classes[r.Class], StringComparer.Ordinal);
        string[] names = bacterialViralOnly ? [PneumoniaClasses.BacterialLabel, PneumoniaClasses.ViralLabel] : [.. classes];
        return PneumoniaClasses.FromRule(names, path => kept.GetValueOrDefault(path));
    }

    /// <summary>Prints the per-seed rows, the mean over seeds with a 95% t interval, and Kermany's figures.</summary>
    public static void Print(IReadOnlyList<Result> results, TextWriter output)
    {
        output.WriteLine("| seed | 3-class micro acc | macro acc | log-loss | normal vs pneumonia acc | sens | spec | AUC | bacterial vs viral images | acc (95% CI) | sens (95% CI) | spec (95% CI) | AUC (95% CI) |");
        output.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (Result r in results)
        {
            output.WriteLine($"| {r.Seed} | {F(r.MicroAccuracy)} | {F(r.MacroAccuracy)} | {F(r.LogLoss)} | {F(r.PneumoniaAccuracy)} | {F(r.PneumoniaSensitivity)} | " +
                $"{F(r.PneumoniaSpecificity)} | {F(r.PneumoniaAuc)} | {r.SubTaskImages} | {F(r.SubTaskAccuracy)} {I(r.SubTaskAccuracyInterval)} | " +
                $"{F(r.SubTaskSensitivity)} {I(r.SubTaskSensitivityInterval)} | {F(r.SubTaskSpecificity)} {I(r.SubTaskSpecificityInterval)} | {F(r.SubTaskAuc)} {I(r.SubTaskAucInterval)} |");
        }
        output.WriteLine();
        output.WriteLine("Bacterial vs viral (positive: BACTERIAL; with VIRAL positive, sensitivity and specificity swap), mean over seeds with a 95% t interval:");
        output.WriteLine();
        output.WriteLine("| | accuracy | sensitivity | specificity | AUC |");
        output.WriteLine("|---|---|---|---|---|");
        output.WriteLine($"| Pneumonia.ML, {results.Count} seed(s) | {Mean(results.Select(r => r.SubTaskAccuracy))} | {Mean(results.Select(r => r.SubTaskSensitivity))} | " +
            $"{Mean(results.Select(r => r.SubTaskSpecificity))} | {Mean(results.Select(r => r.SubTaskAuc))} |");
        output.WriteLine($"| Kermany et al. 2018 | {F(Kermany.Accuracy)} | {F(Kermany.Sensitivity)} | {F(Kermany.Specificity)} | {F(Kermany.Auc)} |");
        output.WriteLine();
        output.WriteLine("Caveat: the bacterial / viral labels come from the file names and are noisier than normal / pneumonia (the distinction is " +
            "hard for radiologists too, and Kermany's test set is not this validation split), so the comparison is indicative only.");
    }

    /// <summary>
    /// Reads every run a <c>three-class.jsonl</c> holds (runs of separate invocations, e.g. seed 1 first and seeds 2 and 3
    /// later) and prints <see cref="Print"/>'s tables per architecture and image size, the latest run of each seed.
    /// </summary>
    public static void Summarize(string resultsPath, TextWriter output)
    {
        var options = new JsonSerializerOptions { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };
        Result[] all = File.ReadLines(resultsPath).Where(line => !string.IsNullOrWhiteSpace(line))
            .Select(line => JsonSerializer.Deserialize<Result>(line, options) ?? throw new InvalidDataException($"{resultsPath}: an empty line of JSON"))
            .ToArray();
        foreach (var recipe in all.GroupBy(r => (r.Task, r.Architecture, r.ImageSize)))
        {
            output.WriteLine($"## {recipe.Key.Task}: {recipe.Key.Architecture}, {recipe.Key.ImageSize} px");
            output.WriteLine();
            Print(recipe.GroupBy(r => r.Seed).Select(seed => seed.Last()).OrderBy(r => r.Seed).ToList(), output);
            output.WriteLine();
        }
    }

    private static string Mean(IEnumerable<double> values)
    {
        double[] v = values.Where(double.IsFinite).ToArray();
        if (v.Length == 0) return "n/a";
        double mean = v.Average();
        if (v.Length == 1) return F(mean);
        double sd = Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1));
        double half = MathNet.Numerics.Distributions.StudentT.InvCDF(0, 1, v.Length - 1, 0.975) * sd / Math.Sqrt(v.Length);
        return $"{F(mean)} ({F(Math.Max(0, mean - half))}–{F(Math.Min(1, mean + half))})"; // proportions and AUCs live in [0, 1]
    }

    private static int IndexOf(IReadOnlyList<string> classes, string name) =>
        classes.Select((c, i) => (c, i)).First(x => string.Equals(x.c, name, StringComparison.OrdinalIgnoreCase)).i;

    private static double[] Bounds(PneumoniaInterval interval) => [interval.Lower, interval.Upper];

    private static string F(double value) => value.ToString("F4", CultureInfo.InvariantCulture);

    private static string I(double[] bounds) => $"({F(bounds[0])}–{F(bounds[1])})";

    private sealed class ProgressLog(TextWriter log) : IProgress<PneumoniaTrainingProgress>
    {
        public void Report(PneumoniaTrainingProgress p)
        {
            if (p.Stage == PneumoniaTrainingStage.Batch && p.Batch % 20 != 0) return;
            string validation = p.Validation is { } v ? $" val_auc(pneumonia) {v.Auc:F4}" : "";
            log.WriteLine($"{p.Stage} {p.Epoch}/{p.Epochs} batch {p.Batch}/{p.Batches} {p.Elapsed.TotalMinutes:F1} min loss {p.Loss:F4} acc {p.Accuracy:F4}{validation}");
            log.Flush();
        }
    }
}
