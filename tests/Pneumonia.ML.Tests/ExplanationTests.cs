using SkiaSharp;

namespace Pneumonia.ML.Tests;

[Collection(ReportCollection.Name)]
public class ExplanationTests(ReportFixture report)
{
    [Fact]
    public void Explain_gives_Predicts_answer_and_a_heat_map_over_the_network_input()
    {
        foreach (string image in Fixtures.Images(Fixtures.SampleTest, "PNEUMONIA").Take(2).Concat(Fixtures.Images(Fixtures.SampleTest, "NORMAL").Take(2)))
        {
            PneumoniaExplanation explanation = report.Classifier.Explain(image);
            Assert.Equal(report.Classifier.Predict(image), explanation.Prediction);
            Assert.Equal(Path.GetFullPath(image), explanation.Source);
            Assert.Equal(report.Classifier.ImageSize, explanation.HeatmapSize);
            Assert.Equal(explanation.HeatmapSize * explanation.HeatmapSize, explanation.Heatmap.Count);
            Assert.All(explanation.Heatmap, h => Assert.InRange(h, 0f, 1f));
            float hottest = explanation.Heatmap.Max();
            Assert.True(hottest == 1f || hottest == 0f, $"the heat is scaled to its maximum: {hottest}");
        }
    }

    [Fact]
    public void The_explanation_picture_is_a_600_pixel_PNG_and_bytes_explain_like_the_file()
    {
        string image = Fixtures.Images(Fixtures.SampleTest, "PNEUMONIA")[0];
        PneumoniaExplanation fromFile = report.Classifier.Explain(image);
        PneumoniaExplanation fromBytes = report.Classifier.Explain(File.ReadAllBytes(image));
        Assert.Equal(fromFile.Heatmap, fromBytes.Heatmap);
        Assert.Equal("(bytes)", fromBytes.Source);

        string png = Path.Combine(Fixtures.NewTempFolder(), "nested", "explanation.png");
        fromFile.SavePng(png);
        using SKBitmap? bitmap = SKBitmap.Decode(png);
        Assert.NotNull(bitmap);
        Assert.Equal((600, 600), (bitmap.Width, bitmap.Height));
    }

    [Fact]
    public void Explaining_leaves_no_tensor_alive()
    {
        string image = Fixtures.Images(Fixtures.SampleTest, "NORMAL")[0];
        LiveTensors.AssertNoneLeftBy(() => report.Classifier.Explain(image), times: 5);
    }

    [Fact]
    public void A_missing_or_damaged_image_is_refused_with_its_name()
    {
        string folder = Fixtures.NewTempFolder();
        string text = Path.Combine(folder, "not-an-image.png");
        File.WriteAllText(text, "hello");
        Assert.Equal(text, Assert.Throws<InvalidImageException>(() => report.Classifier.Explain(text)).Path);
        Assert.Contains("does not exist", Assert.Throws<InvalidImageException>(() => report.Classifier.Explain(Path.Combine(folder, "missing.png"))).Message);
        Assert.Contains("empty", Assert.Throws<InvalidImageException>(() => report.Classifier.Explain(Array.Empty<byte>())).Message);
    }
}
