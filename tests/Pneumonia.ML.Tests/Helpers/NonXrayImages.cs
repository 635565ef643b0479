using SkiaSharp;

namespace Pneumonia.ML.Tests;

/// <summary>
/// Images that are not chest X-rays, drawn at test time from a private seeded generator into a scratch folder: blank
/// black, white and grey, grey and colour noise, a screenshot of text, a colour gradient, a 1 × 1 pixel, and committed
/// X-rays rotated by 90° and with inverted grey levels.
/// </summary>
internal static class NonXrayImages
{
    private const int Side = 224;

    /// <summary>Writes the images into a new scratch folder and returns their paths, by name.</summary>
    public static IReadOnlyDictionary<string, string> Write(int seed = 18)
    {
        string folder = Fixtures.NewTempFolder();
        var random = new Random(seed);
        var paths = new Dictionary<string, string>();
        void Save(string name, SKBitmap bitmap)
        {
            string path = Path.Combine(folder, name + ".png");
            using (SKData data = bitmap.Encode(SKEncodedImageFormat.Png, 100))
                File.WriteAllBytes(path, data.ToArray());
            bitmap.Dispose();
            paths[name] = path;
        }

        Save("black", Filled(SKColors.Black));
        Save("white", Filled(SKColors.White));
        Save("grey", Filled(new SKColor(128, 128, 128)));
        Save("colour-noise", Pixels((_, _) => new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256))));
        Save("grey-noise", Pixels((_, _) => { byte v = (byte)random.Next(256); return new SKColor(v, v, v); }));
        Save("gradient", Pixels((x, y) => new SKColor((byte)(x * 255 / Side), (byte)(y * 255 / Side), 160)));
        Save("text", Text());
        Save("one-pixel", new SKBitmap(1, 1).Also(b => b.SetPixel(0, 0, new SKColor(90, 90, 90))));

        string xray = Fixtures.Images(Fixtures.SampleTest, PneumoniaClassifier.PneumoniaLabel)[0];
        using SKBitmap original = SKBitmap.Decode(xray);
        Save("rotated-xray", Rotated(original));
        Save("inverted-xray", Inverted(original));
        return paths;
    }

    private static SKBitmap Filled(SKColor colour) => Pixels((_, _) => colour);

    private static SKBitmap Pixels(Func<int, int, SKColor> colourAt)
    {
        var bitmap = new SKBitmap(Side, Side);
        for (int y = 0; y < Side; y++)
            for (int x = 0; x < Side; x++) bitmap.SetPixel(x, y, colourAt(x, y));
        return bitmap;
    }

    /// <summary>Black lines of text on white, like a screenshot of a document.</summary>
    private static SKBitmap Text()
    {
        var bitmap = new SKBitmap(Side, Side);
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.White);
        using var font = new SKFont(SKTypeface.Default, 14);
        using var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        for (int line = 0; line < 12; line++)
            canvas.DrawText($"Line {line + 1}: the quick brown fox jumps", 6, 18 + line * 17, font, paint);
        return bitmap;
    }

    private static SKBitmap Rotated(SKBitmap source)
    {
        var bitmap = new SKBitmap(source.Height, source.Width);
        using var canvas = new SKCanvas(bitmap);
        canvas.Translate(source.Height, 0);
        canvas.RotateDegrees(90);
        canvas.DrawBitmap(source, 0, 0);
        return bitmap;
    }

    private static SKBitmap Inverted(SKBitmap source)
    {
        var bitmap = new SKBitmap(source.Width, source.Height);
        for (int y = 0; y < source.Height; y++)
            for (int x = 0; x < source.Width; x++)
            {
                SKColor c = source.GetPixel(x, y);
                bitmap.SetPixel(x, y, new SKColor((byte)(255 - c.Red), (byte)(255 - c.Green), (byte)(255 - c.Blue)));
            }
        return bitmap;
    }

    private static T Also<T>(this T value, Action<T> action)
    {
        action(value);
        return value;
    }
}
