using Pneumonia.ML.Data;

namespace Pneumonia.ML.Tests;

/// <summary>Every kind of bad or unusual image is handled correctly or refused with a typed exception naming it.</summary>
[Collection(TrainedClassifierCollection.Name)]
public class BadImageTests(TrainedClassifierFixture trained)
{
    private readonly ImagePreprocessor _preprocessor = new(64);

    private static string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(Fixtures.NewTempFolder(), name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private InvalidImageException Refused(string path)
    {
        var error = Assert.Throws<InvalidImageException>(() => trained.Classifier.Predict(path));
        Assert.Equal(path, error.Path);
        Assert.Contains(path, error.Message);
        return error;
    }

    [Fact]
    public void Zero_bytes_are_refused() => Assert.Contains("empty", Refused(Write("empty.jpeg", [])).Reason);

    [Fact]
    public void A_truncated_jpeg_is_refused()
    {
        byte[] whole = File.ReadAllBytes(Fixtures.OddImage("upright.jpeg"));
        Assert.Contains("truncated", Refused(Write("half.jpeg", whole[..(whole.Length / 2)])).Reason);
    }

    [Fact]
    public void Text_renamed_to_jpeg_is_refused() =>
        Assert.Contains("not a JPEG or PNG", Refused(Write("notes.jpeg", "patient notes, not an image"u8.ToArray())).Reason);

    [Fact]
    public void A_header_claiming_50000_by_50000_pixels_is_refused_before_decoding()
    {
        string path = Write("huge.png", CraftedImages.PngHeaderOnly(50_000, 50_000));
        // This thread's own allocations: other test classes allocate in parallel, so the process-wide count says nothing.
        long before = GC.GetAllocatedBytesForCurrentThread();
        InvalidImageException error = Refused(path);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Contains("50,000 × 50,000", error.Reason);
        Assert.True(allocated < 50_000_000, $"nothing image-sized may be allocated ({allocated:N0} bytes were)");
    }

    [Theory]
    [InlineData("cmyk.jpeg")]
    [InlineData("rgb16.png")]
    [InlineData("rgba.png")]
    public void Unusual_encodings_decode_like_the_ordinary_image(string name)
    {
        byte[] reference = _preprocessor.DecodeFile(Fixtures.OddImage("upright.jpeg"));
        byte[] odd = _preprocessor.DecodeFile(Fixtures.OddImage(name));
        // RGBA at 60% opacity is composited onto black, so compare shapes of brightness, not levels.
        double correlation = Correlation(reference, odd);
        Assert.True(correlation > 0.98, $"{name} should decode to the same picture (correlation {correlation:F3})");
    }

    [Fact]
    public void Exif_orientation_is_applied()
    {
        byte[] upright = _preprocessor.DecodeFile(Fixtures.OddImage("upright.jpeg"));
        byte[] rotated = _preprocessor.DecodeFile(Fixtures.OddImage("exif-rotated.jpeg"));
        Assert.True(MeanAbsoluteDifference(upright, rotated) < 4, "the EXIF-rotated file should decode upright");
        Assert.True(Correlation(upright, rotated) > 0.98);
    }

    [Fact]
    public void A_one_pixel_image_is_predicted()
    {
        PneumoniaPrediction prediction = trained.Classifier.Predict(Fixtures.OddImage("one-pixel.png"));
        Assert.InRange(prediction.Probability, 0f, 1f);
    }

    [Fact]
    public void A_non_ascii_path_works()
    {
        string folder = Directory.CreateDirectory(Path.Combine(Fixtures.NewTempFolder(), "Röntgen — 胸部 X 線")).FullName;
        string path = Path.Combine(folder, "Ünïcödé patient.jpeg");
        File.Copy(Fixtures.OddImage("upright.jpeg"), path);
        Assert.Equal(trained.Classifier.Predict(Fixtures.OddImage("upright.jpeg")), trained.Classifier.Predict(path));
    }

    [Fact]
    public void Training_fails_on_a_bad_file_by_default_and_skips_it_when_asked()
    {
        string root = Fixtures.NewTempFolder();
        foreach (string className in new[] { "NORMAL", "PNEUMONIA" })
        {
            string folder = Directory.CreateDirectory(Path.Combine(root, className)).FullName;
            foreach (string image in Fixtures.Images(Fixtures.SampleTrain, className).Take(6))
                File.Copy(image, Path.Combine(folder, Path.GetFileName(image)));
        }
        string bad = Path.Combine(root, "NORMAL", "IM-9999-0001.jpeg");
        File.WriteAllText(bad, "not an image");

        PneumoniaTrainingOptions options = PneumoniaTrainingOptions.Article();
        options.ImageSize = 96;
        options.Epochs = 1;
        options.BatchSize = 8;
        Assert.Equal(bad, Assert.Throws<InvalidImageException>(() => PneumoniaClassifier.Train(root, options)).Path);

        options.SkipUnreadableImages = true;
        using PneumoniaClassifier classifier = PneumoniaClassifier.Train(root, options);
        PneumoniaSkippedImage skipped = Assert.Single(classifier.SkippedImages);
        Assert.Equal(bad, skipped.Path);
        Assert.Contains("not a JPEG or PNG", skipped.Reason);
    }

    private static double MeanAbsoluteDifference(byte[] a, byte[] b) => a.Zip(b).Average(p => Math.Abs(p.First - p.Second));

    private static double Correlation(byte[] a, byte[] b)
    {
        double meanA = a.Average(x => (double)x), meanB = b.Average(x => (double)x);
        double covariance = 0, varianceA = 0, varianceB = 0;
        for (int i = 0; i < a.Length; i++)
        {
            covariance += (a[i] - meanA) * (b[i] - meanB);
            varianceA += (a[i] - meanA) * (a[i] - meanA);
            varianceB += (b[i] - meanB) * (b[i] - meanB);
        }
        return covariance / Math.Sqrt(varianceA * varianceB);
    }
}
