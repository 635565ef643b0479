using System.Diagnostics;
using System.Text.Json;
using Pneumonia.ML;
using Pneumonia.ML.Data;
using Pneumonia.ML.InputCheck;
using SkiaSharp;

namespace Pneumonia.Bench;

/// <summary>
/// Issue #18's targets for the input check: the share of a model's validation X-rays it accepts (target ≥ 99%), the
/// share of a generated corpus of non-X-rays it flags, per kind (target ≥ 99%), and what the check adds to a
/// prediction's time (target ≤ 10%). A model without feature statistics gets them fitted on its training patients
/// first (the split of <c>engines</c>: 20% of the patients, seeded, are the validation ones).
/// </summary>
internal static class InputCheckRun
{
    /// <summary>The kinds of generated non-X-ray, each <c>perKind</c> images.</summary>
    public static readonly string[] Kinds =
        ["black", "white", "grey", "grey-noise", "colour-noise", "text", "gradient", "photo", "hand", "knee", "tiny", "rotated-xray", "inverted-xray"];

    public sealed record Result(string Model, string Engine, int ValidationImages, double ValidationAccepted,
        IReadOnlyDictionary<string, double> FlaggedByKind, int NonXrayImages, double NonXraysFlagged,
        double PredictMilliseconds, double CheckMilliseconds, double CheckShareOfPredict);

    /// <summary>
    /// With <paramref name="fold"/> (and <paramref name="folds"/>), the model is a cross-validation's fold network: its
    /// validation X-rays are that fold's patients (<see cref="PatientFolds"/>), its training ones the other folds';
    /// without, the seeded 80/20 patient split.
    /// </summary>
    public static Result Run(string modelPath, string data, int seed, int? fold, int folds, int perKind, int timedImages,
        PneumoniaInferenceEngine engine, string? jsonFile, TextWriter log)
    {
        IReadOnlyList<ImageRecord> all = ImageFolder.Read(data, ImageFolder.Split.Training);
        var (training, validation) = fold is int k ? FoldSplit(all, k, folds, seed) : PatientSplit.Split(all, 0.2, seed);
        using var classifier = PneumoniaClassifier.Load(modelPath, new PneumoniaInferenceOptions { Engine = engine });
        if (!classifier.HasFeatureStatistics)
        {
            log.WriteLine($"{Path.GetFileName(modelPath)} has no feature statistics: fitting them on {training.Count} training-patient images");
            classifier.FitInputCheck(training);
        }

        IReadOnlyList<PneumoniaPrediction> onValidation = classifier.Predict(validation.Select(r => r.ImagePath));
        double accepted = onValidation.Count(p => !p.IsUnusualImage) / (double)onValidation.Count;
        log.WriteLine($"validation X-rays accepted: {accepted:P2} of {onValidation.Count}");

        string folder = Directory.CreateTempSubdirectory("pneumonia-nonxrays-").FullName;
        try
        {
            var random = new Random(seed);
            ImageRecord[] pneumonia = validation.Where(r => r.Label).ToArray();
            var flagged = new Dictionary<string, double>();
            int total = 0, totalFlagged = 0;
            foreach (string kind in Kinds)
            {
                string[] paths = Enumerable.Range(0, perKind)
                    .Select(i => Write(folder, kind, i, random, pneumonia[random.Next(pneumonia.Length)].ImagePath)).ToArray();
                int count = classifier.Predict(paths).Count(p => p.IsUnusualImage);
                flagged[kind] = count / (double)paths.Length;
                total += paths.Length;
                totalFlagged += count;
                log.WriteLine($"{kind}: {count} of {paths.Length} flagged");
            }

            // Time: whole single-image predictions, and the check's own work on the same images (image statistics and
            // the distance; the features come out of the same forward pass).
            ImageRecord[] timed = validation.Take(timedImages).ToArray();
            classifier.Predict(timed[0].ImagePath); // warm up
            var clock = Stopwatch.StartNew();
            foreach (ImageRecord record in timed) classifier.Predict(record.ImagePath);
            double predictMs = clock.Elapsed.TotalMilliseconds / timed.Length;
            (double checkMs, _) = CheckCost(classifier, timed);
            var result = new Result(Path.GetFileName(modelPath), engine.ToString(), onValidation.Count, accepted, flagged, total,
                totalFlagged / (double)total, predictMs, checkMs, checkMs / predictMs);
            log.WriteLine($"non-X-rays flagged: {result.NonXraysFlagged:P2} of {total}; Predict {predictMs:F1} ms, check {checkMs:F3} ms ({result.CheckShareOfPredict:P1})");
            if (jsonFile is not null) File.AppendAllText(jsonFile, JsonSerializer.Serialize(result) + "\n");
            return result;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static (IReadOnlyList<ImageRecord> Training, IReadOnlyList<ImageRecord> Validation) FoldSplit(IReadOnlyList<ImageRecord> all,
        int fold, int folds, int seed)
    {
        int[] foldOf = PatientFolds.Assign(all, folds, seed);
        return (all.Where((_, i) => foldOf[i] != fold - 1).ToArray(), all.Where((_, i) => foldOf[i] == fold - 1).ToArray());
    }

    /// <summary>Mean milliseconds of the check's own work per image (image statistics and distance), on decoded images.</summary>
    private static (double Milliseconds, int Flagged) CheckCost(PneumoniaClassifier classifier, IReadOnlyList<ImageRecord> records)
    {
        DecodedImages images = classifier.Preprocessor.Decode(records);
        float[][] features = classifier.FeaturesForBenchmark(images.Pixels);
        FeatureStatistics statistics = classifier.FeatureStatisticsForBenchmark!;
        int flagged = 0;
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < images.Count; i++)
        {
            (int w, int h) = images.OriginalSizes![i];
            if (InputChecker.Check(images.Pixels[i], w, h, features[i], statistics).IsUnusual) flagged++;
        }
        return (clock.Elapsed.TotalMilliseconds / images.Count, flagged);
    }

    /// <summary>Writes one generated image of a kind and returns its path.</summary>
    private static string Write(string folder, string kind, int index, Random random, string xray)
    {
        string path = Path.Combine(folder, $"{kind}-{index:D4}.png");
        using SKBitmap bitmap = Draw(kind, random, xray);
        using SKData png = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, png.ToArray());
        return path;
    }

    private static SKBitmap Draw(string kind, Random random, string xray)
    {
        int side = 224 + random.Next(200);
        byte Grey() => (byte)random.Next(256);
        switch (kind)
        {
            case "black": return Filled(side, new SKColor(0, 0, 0));
            case "white": return Filled(side, new SKColor(255, 255, 255));
            case "grey": { byte g = Grey(); return Filled(side, new SKColor(g, g, g)); }
            case "grey-noise": return Pixels(side, (_, _) => { byte g = Grey(); return new SKColor(g, g, g); });
            case "colour-noise": return Pixels(side, (_, _) => new SKColor(Grey(), Grey(), Grey()));
            case "gradient":
            {
                SKColor a = new(Grey(), Grey(), Grey()), b = new(Grey(), Grey(), Grey());
                return Pixels(side, (x, y) => Mix(a, b, (x + y) / (2.0 * side)));
            }
            case "tiny": { int s = 1 + random.Next(40); return Pixels(s, (_, _) => { byte g = Grey(); return new SKColor(g, g, g); }); }
            case "text": return Canvas(side, SKColors.White, (canvas, paint) =>
            {
                using var font = new SKFont(SKTypeface.Default, 10 + random.Next(14));
                paint.Color = new SKColor((byte)random.Next(80), (byte)random.Next(80), (byte)random.Next(80));
                for (int y = 20; y < side; y += (int)font.Size + 4)
                    canvas.DrawText(string.Concat(Enumerable.Range(0, 40).Select(_ => (char)random.Next('a', 'z' + 1))), 8, y, font, paint);
            });
            case "photo": return Canvas(side, new SKColor(Grey(), Grey(), Grey()), (canvas, paint) =>
            {
                for (int i = 0; i < 30; i++)
                {
                    paint.Color = new SKColor(Grey(), Grey(), Grey());
                    canvas.DrawCircle(random.Next(side), random.Next(side), 10 + random.Next(side / 3), paint);
                }
            });
            case "hand": return Canvas(side, new SKColor(15, 15, 15), (canvas, paint) =>
            {
                // A palm and five fingers of bright "bone" on a dark film.
                paint.Color = new SKColor(200, 200, 200);
                float cx = side / 2f + random.Next(-20, 21), cy = side * 0.65f;
                canvas.DrawRoundRect(cx - side * 0.18f, cy - side * 0.1f, side * 0.36f, side * 0.3f, 12, 12, paint);
                for (int f = 0; f < 5; f++)
                {
                    float angle = -50 + f * 25 + random.Next(-5, 6);
                    canvas.Save();
                    canvas.RotateDegrees(angle, cx, cy);
                    for (int j = 0; j < 3; j++)
                        canvas.DrawRoundRect(cx - 6, cy - side * 0.16f - j * side * 0.1f - side * 0.09f, 12, side * 0.09f, 5, 5, paint);
                    canvas.Restore();
                }
            });
            case "knee": return Canvas(side, new SKColor(20, 20, 20), (canvas, paint) =>
            {
                // A femur above and a tibia below meeting at a joint space, with soft tissue around.
                paint.Color = new SKColor(70, 70, 70);
                canvas.DrawRoundRect(side * 0.25f, 0, side * 0.5f, side, 40, 40, paint);
                paint.Color = new SKColor(210, 210, 210);
                float w = side * (0.18f + random.Next(6) / 100f);
                canvas.DrawRoundRect(side / 2f - w / 2, -10, w, side * 0.47f, 20, 20, paint);
                canvas.DrawRoundRect(side / 2f - w / 2, side * 0.52f, w, side * 0.5f, 20, 20, paint);
            });
            case "rotated-xray":
            {
                using SKBitmap source = SKBitmap.Decode(xray);
                var bitmap = new SKBitmap(source.Height, source.Width);
                using var canvas = new SKCanvas(bitmap);
                canvas.Translate(random.Next(2) == 0 ? source.Height : 0, random.Next(2) == 0 ? 0 : source.Width);
                canvas.RotateDegrees(90);
                canvas.DrawBitmap(source, 0, 0);
                return bitmap;
            }
            case "inverted-xray":
            {
                using SKBitmap source = SKBitmap.Decode(xray);
                var bitmap = new SKBitmap(source.Width, source.Height);
                for (int y = 0; y < source.Height; y++)
                    for (int x = 0; x < source.Width; x++)
                    {
                        SKColor c = source.GetPixel(x, y);
                        bitmap.SetPixel(x, y, new SKColor((byte)(255 - c.Red), (byte)(255 - c.Green), (byte)(255 - c.Blue)));
                    }
                return bitmap;
            }
            default: throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown kind of image.");
        }
    }

    private static SKColor Mix(SKColor a, SKColor b, double t) =>
        new((byte)(a.Red + (b.Red - a.Red) * t), (byte)(a.Green + (b.Green - a.Green) * t), (byte)(a.Blue + (b.Blue - a.Blue) * t));

    private static SKBitmap Filled(int side, SKColor colour) => Pixels(side, (_, _) => colour);

    private static SKBitmap Pixels(int side, Func<int, int, SKColor> colourAt)
    {
        var bitmap = new SKBitmap(side, side);
        for (int y = 0; y < side; y++)
            for (int x = 0; x < side; x++) bitmap.SetPixel(x, y, colourAt(x, y));
        return bitmap;
    }

    private static SKBitmap Canvas(int side, SKColor background, Action<SKCanvas, SKPaint> draw)
    {
        var bitmap = new SKBitmap(side, side);
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(background);
        using var paint = new SKPaint { IsAntialias = true };
        draw(canvas, paint);
        return bitmap;
    }
}
