using System.Text.RegularExpressions;
using SkiaSharp;
using Xunit.Abstractions;

namespace Pneumonia.ML.Tests;

/// <summary>The report as a person sees it: opened in headless Chromium, its pictures rendered.</summary>
[Collection(ReportCollection.Name)]
public partial class ReportScreenshotTests(ReportFixture report, ITestOutputHelper output)
{
    private const int Width = 1280, Height = 2400;

    [ChromiumFact]
    public void Chromium_renders_the_reports_pictures()
    {
        string screenshot = Path.Combine(report.Folder, "screenshot.png");
        HeadlessChromium.Screenshot(report.HtmlPath, screenshot, Width, Height);
        output.WriteLine($"screenshot: {screenshot}");

        // The same page with every picture removed: what the text and the (greyscale) styling alone look like.
        string withoutPictures = Path.Combine(report.Folder, "without-pictures.html");
        File.WriteAllText(withoutPictures, EmbeddedPicture().Replace(File.ReadAllText(report.HtmlPath), "src=\"\""));
        string control = Path.Combine(report.Folder, "screenshot-without-pictures.png");
        HeadlessChromium.Screenshot(withoutPictures, control, Width, Height);

        (double colourful, int curvePixels, int bluePixels) = Measure(screenshot);
        (double colourfulControl, int curveControl, int blueControl) = Measure(control);
        output.WriteLine($"colourful pixels: {colourful:P2} with pictures, {colourfulControl:P2} without; " +
                         $"curve orange: {curvePixels} vs {curveControl}; chart blue: {bluePixels} vs {blueControl}");

        // Text antialiasing colours a few pixels even on a greyscale page; the pictures must add far more.
        Assert.True(colourful > colourfulControl + 0.01, $"the pictures should put colour on the page: {colourful:P2} vs {colourfulControl:P2} without them");
        Assert.True(curvePixels > 1000 && curveControl < 50, $"the model's curves (orange) should be drawn: {curvePixels} pixels, {curveControl} without pictures");
        Assert.True(bluePixels > 5000 && bluePixels > 10 * blueControl, $"the confusion matrix's and histograms' blue should be drawn: {bluePixels} pixels, {blueControl} without pictures");
    }

    /// <summary>Share of strongly coloured pixels; pixels close to the curves' orange, and blue ones (confusion matrix, histograms).</summary>
    private static (double Colourful, int Orange, int Blue) Measure(string png)
    {
        using SKBitmap bitmap = SKBitmap.Decode(png);
        Assert.Equal((Width, Height), (bitmap.Width, bitmap.Height));
        int colourful = 0, orange = 0, blue = 0;
        foreach (SKColor pixel in bitmap.Pixels)
        {
            int max = Math.Max(pixel.Red, Math.Max(pixel.Green, pixel.Blue)), min = Math.Min(pixel.Red, Math.Min(pixel.Green, pixel.Blue));
            if (max - min > 60) colourful++;
            if (Math.Abs(pixel.Red - 0xd6) < 24 && Math.Abs(pixel.Green - 0x5f) < 24 && Math.Abs(pixel.Blue - 0x0e) < 24) orange++;
            if (pixel.Blue > pixel.Red + 40 && pixel.Blue > 150 && pixel.Green > pixel.Red) blue++;
        }
        return ((double)colourful / bitmap.Pixels.Length, orange, blue);
    }

    [GeneratedRegex("src=\"data:image/png;base64,[^\"]*\"")]
    private static partial Regex EmbeddedPicture();
}
