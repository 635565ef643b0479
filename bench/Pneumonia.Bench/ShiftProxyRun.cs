using System.Text.Json;
using Pneumonia.ML;
using Pneumonia.ML.Data;
using Pneumonia.ML.Evaluation;
using Pneumonia.ML.Evaluation.Statistics;
using SkiaSharp;
using static TorchSharp.torch;

namespace Pneumonia.Bench;

/// <summary>
/// The shift proxy on cross-validation's out-of-fold predictions: every training image is scored by the fold network
/// that never saw its patient, once as it is and once under each shift, and the out-of-fold AUC, sensitivity and
/// specificity (at the models' threshold) and calibration are compared. The shifts imitate what differs between
/// hospitals (equalisation, local contrast, display window, sharpening, collimation, burned-in markers, another aspect
/// ratio, heavy JPEG, low resolution, another field of view) beside the nine of the single-model robustness run. Tensor shifts act on the
/// network's input (after resizing to the model's image size); JPEG shifts re-encode the original file.
/// </summary>
internal static class ShiftProxyRun
{
    public sealed record Row(string Shift, double Auc, double Sensitivity, double Specificity, double Brier, double ExpectedCalibrationError,
        double AucDrop, double SpecificityDrop, double EceRise);

    /// <summary>The threshold whose worst Youden J over every condition is largest, and what each condition gives there.</summary>
    public sealed record RobustThreshold(double Threshold, double WorstYouden, string WorstShift, IReadOnlyList<(string Shift, double Sensitivity, double Specificity)> PerShift);

    private static Tensor Full(Tensor x, float value) => full(x.shape[0], value);

    internal static readonly (string Name, Func<Tensor, Tensor> Shift)[] SiteShifts =
    [
        ("histogram equalisation", x => ImageOps.Equalize(x, Full(x, 1))),
        ("local contrast (unsharp σ = side/10, ×1)", x => ImageOps.Unsharp(x, x.shape[2] / 10.0, Full(x, 1))),
        ("narrow window (level 0.5, width 0.7)", x => ImageOps.Window(x, Full(x, 0.5f), Full(x, 0.7f))),
        ("wide window (level 0.5, width 1.4)", x => ImageOps.Window(x, Full(x, 0.5f), Full(x, 1.4f))),
        ("sharpening (unsharp σ 1 px, ×1.5)", x => ImageOps.Unsharp(x, 1, Full(x, 1.5f))),
        ("collimation, 10% black borders", x => ImageOps.Collimate(x, Full(x, 0.1f), Full(x, 0.1f), Full(x, 0.1f), Full(x, 0.1f), Full(x, 0))),
        ("collimation, 8% white borders", x => ImageOps.Collimate(x, Full(x, 0.08f), Full(x, 0.08f), Full(x, 0.08f), Full(x, 0.08f), Full(x, 1))),
        ("two burned-in markers (6% white boxes)", x => ImageOps.Marker(ImageOps.Marker(x, Full(x, 0.05f), Full(x, 0.05f), Full(x, 0.06f), Full(x, 0.06f), Full(x, 1)),
            Full(x, 0.85f), Full(x, 0.88f), Full(x, 0.08f), Full(x, 0.05f), Full(x, 1))),
        ("letterbox to 4:5 (black sides)", x => ImageOps.Letterbox(x, Full(x, 0.8f), Full(x, 1))),
        ("downscale to 64 px and back", x => ImageOps.Downscale(x, 64)),
        ("contrast ×0.7", x => ImageOps.Contrast(x, Full(x, 0.7f))),
        ("contrast ×1.3", x => ImageOps.Contrast(x, Full(x, 1.3f))),
        ("gamma 0.7", x => ImageOps.Gamma(x, Full(x, 0.7f))),
        ("gamma 1.5", x => ImageOps.Gamma(x, Full(x, 1.5f))),
        ("Gaussian blur σ=1.5", x => ImageOps.Blur(x, 1.5)),
        ("Gaussian noise σ=0.03", x =>
        {
            using var generator = new Generator(7, CPU);
            return ImageOps.Noise(x, Full(x, 0.03f), generator);
        }),
        ("downscale to 112 px and back", x => ImageOps.Downscale(x, 112)),
        ("zoom ×1.25 (a tighter field of view)", x => ImageOps.Affine(x, Full(x, 0), Full(x, 1.25f), Full(x, 0), Full(x, 0))),
        ("zoom ×0.8 (a wider field of view, black around)", x => ImageOps.Letterbox(x, Full(x, 0.8f), Full(x, 0.8f))),
    ];

    private static readonly int[] JpegQualities = [30, 10];

    /// <summary>
    /// Scores every condition; with <paramref name="trimFlatBorders"/>, every image (shifted or not) first loses its flat
    /// edge bands (<see cref="ImageOps.TrimFlatBorders"/>), and the results go under <c>NAME-trim</c>. With
    /// <paramref name="singleModel"/>, only that model is scored, on the held-out patients of its fold
    /// (<paramref name="singleFold"/>, 1-based) — a shipped network against its own never-seen patients — or, with
    /// <paramref name="validationSeed"/>, on the validation patients of a training run with that seed (the trainer's
    /// default split): the models shipped before cross-validation.
    /// </summary>
    public static (IReadOnlyList<Row> Rows, RobustThreshold Robust) Run(string data, string name, int folds, int seed, string outputFolder,
        bool trimFlatBorders = false, string? singleModel = null, int singleFold = 0, int? validationSeed = null)
    {
        if (validationSeed is not null && singleModel is null)
            throw new ArgumentException("--validation-seed needs --model.", nameof(validationSeed));
        if (validationSeed is not null) (folds, singleFold) = (2, 1); // "fold 1" = the validation patients, "fold 2" = the rest
        if (singleModel is not null && (singleFold < 1 || singleFold > folds))
            throw new ArgumentOutOfRangeException(nameof(singleFold), singleFold, $"--model needs --fold between 1 and {folds}, or --validation-seed.");
        Func<Tensor, Tensor> Prepared(Func<Tensor, Tensor> shift) => trimFlatBorders ? x => ImageOps.TrimFlatBorders(shift(x)) : shift;
        Func<Tensor, Tensor>? unshifted = trimFlatBorders ? x => ImageOps.TrimFlatBorders(x) : null;
        string label = trimFlatBorders ? $"{name}-trim" : name;
        string modelFolder = Path.Combine(outputFolder, $"cv-{name}");
        IReadOnlyList<ImageRecord> records = ImageFolder.Read(data, ImageFolder.Split.Training);
        int[] foldOf = validationSeed is int vs ? InValidation(records, ValidationSplit.Read(data, new PneumoniaTrainingOptions().ValidationFraction, vs)) : PatientFolds.Assign(records, folds, seed);
        bool[] labels = records.Select(r => r.Label).ToArray();
        var names = new List<string> { "none (baseline)" };
        names.AddRange(SiteShifts.Select(s => s.Name));
        names.AddRange(JpegQualities.Select(q => $"JPEG quality {q}"));
        var probabilities = names.Select(_ => new float[records.Count]).ToArray();
        double threshold = double.NaN;

        for (int fold = 0; fold < folds; fold++)
        {
            if (singleModel is not null && fold != singleFold - 1) continue;
            using PneumoniaClassifier classifier = PneumoniaClassifier.Load(singleModel ?? Path.Combine(modelFolder, $"fold{fold + 1}.model"));
            threshold = classifier.Threshold;
            int[] indices = Enumerable.Range(0, records.Count).Where(i => foldOf[i] == fold).ToArray();
            ImageRecord[] heldOut = indices.Select(i => records[i]).ToArray();
            DecodedImages images = classifier.Preprocessor.Decode(heldOut);
            Scatter(classifier.Probabilities(images, unshifted), indices, probabilities[0]);
            for (int s = 0; s < SiteShifts.Length; s++)
                Scatter(classifier.Probabilities(images, Prepared(SiteShifts[s].Shift)), indices, probabilities[1 + s]);
            for (int q = 0; q < JpegQualities.Length; q++)
            {
                byte[][] reencoded = heldOut.AsParallel().AsOrdered()
                    .Select(r => classifier.Preprocessor.Decode(Reencode(File.ReadAllBytes(r.ImagePath), JpegQualities[q]), r.ImagePath)).ToArray();
                Scatter(classifier.Probabilities(new DecodedImages(heldOut, reencoded, images.ImageSize), unshifted), indices, probabilities[1 + SiteShifts.Length + q]);
            }
            Console.WriteLine($"fold {fold + 1}/{folds} scored under {names.Count} conditions");
        }

        if (singleModel is not null)
        {
            int[] scored = Enumerable.Range(0, records.Count).Where(i => foldOf[i] == singleFold - 1).ToArray();
            records = scored.Select(i => records[i]).ToArray();
            foldOf = scored.Select(i => foldOf[i]).ToArray();
            labels = scored.Select(i => labels[i]).ToArray();
            probabilities = probabilities.Select(p => scored.Select(i => p[i]).ToArray()).ToArray();
        }
        var rows = new List<Row>();
        Row? baseline = null;
        for (int s = 0; s < names.Count; s++)
        {
            PneumoniaMetrics m = MetricsCalculator.Compute(labels, probabilities[s], threshold);
            PneumoniaCalibration c = CalibrationCalculator.Compute(labels, probabilities[s], 10, 0.95, PneumoniaProportionInterval.Wilson);
            baseline ??= new Row(names[s], m.Auc, m.Sensitivity, m.Specificity, c.BrierScore, c.ExpectedCalibrationError, 0, 0, 0);
            rows.Add(new Row(names[s], m.Auc, m.Sensitivity, m.Specificity, c.BrierScore, c.ExpectedCalibrationError,
                baseline.Auc - m.Auc, baseline.Specificity - m.Specificity, c.ExpectedCalibrationError - baseline.ExpectedCalibrationError));
        }
        RobustThreshold robust = MostRobustThreshold(labels, names, probabilities);
        File.AppendAllText(Path.Combine(outputFolder, "shift-proxy.jsonl"),
            JsonSerializer.Serialize(new { Name = label, Folds = folds, Seed = seed, Model = singleModel, Fold = singleFold, ValidationSeed = validationSeed, Threshold = threshold, Rows = rows,
                RobustThreshold = robust.Threshold, robust.WorstYouden, robust.WorstShift }) + "\n");
        WriteProbabilities(Path.Combine(outputFolder, $"shift-proxy-{label}-probabilities.csv.gz"), records, foldOf, names, probabilities);
        return (rows, robust);
    }

    /// <summary>
    /// Over a grid of thresholds even in logit space, the one whose smallest Youden J (sensitivity + specificity − 1)
    /// over all conditions is largest; on a plateau of equal worst J (within 0.001), its centre in logit space. It is
    /// chosen on the out-of-fold predictions it is then evaluated on, like the plateau threshold.
    /// </summary>
    internal static RobustThreshold MostRobustThreshold(bool[] labels, IReadOnlyList<string> names, float[][] probabilities)
    {
        double[] grid = Enumerable.Range(0, 2001).Select(i => 1 / (1 + Math.Exp(-(-8 + 16 * i / 2000.0)))).ToArray();
        var sorted = probabilities.Select(p => (
            Positive: p.Where((_, i) => labels[i]).Order().ToArray(),
            Negative: p.Where((_, i) => !labels[i]).Order().ToArray())).ToArray();
        (double Sensitivity, double Specificity) At(int condition, double t)
        {
            var (pos, neg) = sorted[condition];
            int posBelow = LowerBound(pos, t), negBelow = LowerBound(neg, t);
            return ((double)(pos.Length - posBelow) / pos.Length, (double)negBelow / neg.Length);
        }
        double[] worst = grid.Select(t => Enumerable.Range(0, names.Count).Min(c => { var (se, sp) = At(c, t); return se + sp - 1; })).ToArray();
        double best = worst.Max();
        int[] plateau = Enumerable.Range(0, grid.Length).Where(i => worst[i] >= best - 0.001).ToArray();
        double logit = (Logit(grid[plateau[0]]) + Logit(grid[plateau[^1]])) / 2;
        double threshold = 1 / (1 + Math.Exp(-logit));
        var perShift = names.Select((n, c) => { var (se, sp) = At(c, threshold); return (n, se, sp); }).ToArray();
        var weakest = perShift.MinBy(r => r.se + r.sp);
        return new RobustThreshold(threshold, weakest.se + weakest.sp - 1, weakest.n, perShift);
    }

    /// <summary>0 for the records of <paramref name="validation"/>, 1 for the others.</summary>
    private static int[] InValidation(IReadOnlyList<ImageRecord> records, IReadOnlyList<ImageRecord> validation)
    {
        var held = validation.Select(r => r.ImagePath).ToHashSet(StringComparer.Ordinal);
        return records.Select(r => held.Contains(r.ImagePath) ? 0 : 1).ToArray();
    }

    private static double Logit(double p) => Math.Log(p / (1 - p));

    /// <summary>How many of the sorted values are below <paramref name="t"/> (a value equal to the threshold counts as positive).</summary>
    private static int LowerBound(float[] sorted, double t)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) / 2;
            if (sorted[mid] < t) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    /// <summary>Every image's out-of-fold probability under every condition, gzipped CSV, so other thresholds can be studied.</summary>
    private static void WriteProbabilities(string path, IReadOnlyList<ImageRecord> records, int[] foldOf, IReadOnlyList<string> names, float[][] probabilities)
    {
        using var file = File.Create(path);
        using var gzip = new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionLevel.SmallestSize);
        using var writer = new StreamWriter(gzip);
        writer.WriteLine("file,label,fold," + string.Join(",", names.Select(n => $"\"{n}\"")));
        for (int i = 0; i < records.Count; i++)
            writer.WriteLine(string.Join(",", [Path.GetFileName(records[i].ImagePath), records[i].Label ? "1" : "0", (foldOf[i] + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
                .. probabilities.Select(p => p[i].ToString("F5", System.Globalization.CultureInfo.InvariantCulture))]));
    }

    private static void Scatter(float[] values, int[] indices, float[] target)
    {
        for (int i = 0; i < indices.Length; i++) target[indices[i]] = values[i];
    }

    private static byte[] Reencode(byte[] original, int quality)
    {
        using SKBitmap bitmap = SKBitmap.Decode(original);
        using SKData encoded = bitmap.Encode(SKEncodedImageFormat.Jpeg, quality);
        return encoded.ToArray();
    }
}
