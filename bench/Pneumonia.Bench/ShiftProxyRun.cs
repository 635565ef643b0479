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
/// ratio, heavy JPEG, low resolution) beside the nine of the single-model robustness run. Tensor shifts act on the
/// network's input (after resizing to the model's image size); JPEG shifts re-encode the original file.
/// </summary>
internal static class ShiftProxyRun
{
    public sealed record Row(string Shift, double Auc, double Sensitivity, double Specificity, double Brier, double ExpectedCalibrationError,
        double AucDrop, double SpecificityDrop, double EceRise);

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
    ];

    private static readonly int[] JpegQualities = [30, 10];

    public static IReadOnlyList<Row> Run(string data, string name, int folds, int seed, string outputFolder)
    {
        string modelFolder = Path.Combine(outputFolder, $"cv-{name}");
        IReadOnlyList<ImageRecord> records = ImageFolder.Read(data, ImageFolder.Split.Training);
        int[] foldOf = PatientFolds.Assign(records, folds, seed);
        bool[] labels = records.Select(r => r.Label).ToArray();
        var names = new List<string> { "none (baseline)" };
        names.AddRange(SiteShifts.Select(s => s.Name));
        names.AddRange(JpegQualities.Select(q => $"JPEG quality {q}"));
        var probabilities = names.Select(_ => new float[records.Count]).ToArray();
        double threshold = double.NaN;

        for (int fold = 0; fold < folds; fold++)
        {
            using PneumoniaClassifier classifier = PneumoniaClassifier.Load(Path.Combine(modelFolder, $"fold{fold + 1}.model"));
            threshold = classifier.Threshold;
            int[] indices = Enumerable.Range(0, records.Count).Where(i => foldOf[i] == fold).ToArray();
            ImageRecord[] heldOut = indices.Select(i => records[i]).ToArray();
            DecodedImages images = classifier.Preprocessor.Decode(heldOut);
            Scatter(classifier.Probabilities(images), indices, probabilities[0]);
            for (int s = 0; s < SiteShifts.Length; s++)
                Scatter(classifier.Probabilities(images, SiteShifts[s].Shift), indices, probabilities[1 + s]);
            for (int q = 0; q < JpegQualities.Length; q++)
            {
                byte[][] reencoded = heldOut.AsParallel().AsOrdered()
                    .Select(r => classifier.Preprocessor.Decode(Reencode(File.ReadAllBytes(r.ImagePath), JpegQualities[q]), r.ImagePath)).ToArray();
                Scatter(classifier.Probabilities(new DecodedImages(heldOut, reencoded, images.ImageSize)), indices, probabilities[1 + SiteShifts.Length + q]);
            }
            Console.WriteLine($"fold {fold + 1}/{folds} scored under {names.Count} conditions");
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
        File.AppendAllText(Path.Combine(outputFolder, "shift-proxy.jsonl"),
            JsonSerializer.Serialize(new { Name = name, Folds = folds, Seed = seed, Threshold = threshold, Rows = rows }) + "\n");
        return rows;
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
