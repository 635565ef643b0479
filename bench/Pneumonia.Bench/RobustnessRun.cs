using Pneumonia.ML;
using Pneumonia.ML.Data;
using Pneumonia.ML.Evaluation;
using SkiaSharp;
using static TorchSharp.torch;

namespace Pneumonia.Bench;

/// <summary>
/// Validation metrics of a trained model again under shifts of scanner, exposure and contrast. Tensor shifts act on
/// the network's input (after resizing to the model's image size); JPEG quality 30 re-encodes the original file.
/// </summary>
internal static class RobustnessRun
{
    public sealed record Row(string Shift, double Auc, double Accuracy, double Sensitivity, double Specificity, double AucDrop, double AccuracyDrop);

    private static readonly (string Name, Func<Tensor, Tensor> Shift)[] TensorShifts =
    [
        ("contrast ×0.7", x => ImageOps.Contrast(x, full(x.shape[0], 0.7f))),
        ("contrast ×1.3", x => ImageOps.Contrast(x, full(x.shape[0], 1.3f))),
        ("gamma 0.7", x => ImageOps.Gamma(x, full(x.shape[0], 0.7f))),
        ("gamma 1.5", x => ImageOps.Gamma(x, full(x.shape[0], 1.5f))),
        ("Gaussian blur σ=1.5", x => ImageOps.Blur(x, 1.5)),
        ("Gaussian noise σ=0.03", x => ImageOps.Noise(x, full(x.shape[0], 0.03f), new Generator(7, CPU))),
        ("downscale to 112 px and back", x => ImageOps.Downscale(x, 112)),
        ("rotation +10°", x => Rotate(x, 10)),
        ("rotation −10°", x => Rotate(x, -10)),
    ];

    public static IReadOnlyList<Row> Run(string modelPath, string data, int seed, double validationFraction)
    {
        using PneumoniaClassifier classifier = PneumoniaClassifier.Load(modelPath);
        IReadOnlyList<ImageRecord> validation = ValidationSplit.Read(data, validationFraction, seed);
        bool[] labels = validation.Select(r => r.Label).ToArray();
        DecodedImages images = classifier.Preprocessor.Decode(validation);

        PneumoniaMetrics baseline = MetricsCalculator.Compute(labels, classifier.Probabilities(images), classifier.Threshold);
        var rows = new List<Row> { ToRow("none (baseline)", baseline, baseline) };
        foreach ((string name, Func<Tensor, Tensor> shift) in TensorShifts)
            rows.Add(ToRow(name, MetricsCalculator.Compute(labels, classifier.Probabilities(images, shift), classifier.Threshold), baseline));

        byte[][] jpeg30 = validation.AsParallel().AsOrdered()
            .Select(r => classifier.Preprocessor.Decode(Reencode(File.ReadAllBytes(r.ImagePath), 30), r.ImagePath)).ToArray();
        var jpegImages = new DecodedImages(validation, jpeg30, images.ImageSize);
        rows.Add(ToRow("JPEG quality 30", MetricsCalculator.Compute(labels, classifier.Probabilities(jpegImages), classifier.Threshold), baseline));
        return rows;
    }

    private static Row ToRow(string shift, PneumoniaMetrics m, PneumoniaMetrics baseline) =>
        new(shift, m.Auc, m.Accuracy, m.Sensitivity, m.Specificity, baseline.Auc - m.Auc, baseline.Accuracy - m.Accuracy);

    private static Tensor Rotate(Tensor x, float degrees)
    {
        long n = x.shape[0];
        return ImageOps.Affine(x, full(n, degrees), ones(n), zeros(n), zeros(n));
    }

    private static byte[] Reencode(byte[] original, int quality)
    {
        using SKBitmap bitmap = SKBitmap.Decode(original);
        using SKData encoded = bitmap.Encode(SKEncodedImageFormat.Jpeg, quality);
        return encoded.ToArray();
    }
}
