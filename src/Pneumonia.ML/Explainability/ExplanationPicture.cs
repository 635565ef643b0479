using OxyPlot;
using OxyPlot.Annotations;
using OxyPlot.Axes;
using OxyPlot.Series;
using Pneumonia.ML.Evaluation.Charts;
using SkiaSharp;

namespace Pneumonia.ML.Explainability;

/// <summary>
/// Draws a Grad-CAM heat map over its X-ray: the X-ray stretched to a square as the network saw it, the heat in a
/// jet palette whose opacity grows with the heat (cold regions stay see-through), a colour bar, and a title.
/// </summary>
internal static class ExplanationPicture
{
    public const int Width = 600;
    public const int Height = 600;
    private const int BackgroundSide = 512;

    public static byte[] Render(byte[] encodedImage, IReadOnlyList<float> heat, int size, string title, string subtitle)
    {
        var model = new PlotModel
        {
            Title = title,
            Subtitle = subtitle,
            TitleFontSize = 16,
            SubtitleFontSize = 12,
            PlotAreaBorderThickness = new OxyThickness(0),
            PlotMargins = new OxyThickness(4, 4, 64, 4),
        };
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Minimum = 0, Maximum = size, IsAxisVisible = false });
        // Image rows run downwards: the first row at the top.
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Left, Minimum = 0, Maximum = size, StartPosition = 1, EndPosition = 0, IsAxisVisible = false });
        // The heat is drawn see-through (cold regions leave the X-ray visible); the colour bar shows the opaque palette.
        model.Axes.Add(new LinearColorAxis { Key = "heat", Palette = SeeThroughJet(), Minimum = 0, Maximum = 1, IsAxisVisible = false });
        model.Axes.Add(new LinearColorAxis
        {
            Key = "bar",
            Position = AxisPosition.Right,
            Palette = OxyPalettes.Jet(256),
            Minimum = 0,
            Maximum = 1,
            Title = "Grad-CAM heat (relative)",
            MajorStep = 0.25,
        });

        model.Annotations.Add(new ImageAnnotation
        {
            ImageSource = new OxyImage(SquarePng(encodedImage)),
            X = new PlotLength(0, PlotLengthUnit.Data),
            Y = new PlotLength(0, PlotLengthUnit.Data),
            Width = new PlotLength(size, PlotLengthUnit.Data),
            Height = new PlotLength(size, PlotLengthUnit.Data),
            HorizontalAlignment = HorizontalAlignment.Left,
            VerticalAlignment = VerticalAlignment.Top,
            Interpolate = true,
            Layer = AnnotationLayer.BelowSeries,
        });

        var data = new double[size, size];
        for (int row = 0; row < size; row++)
            for (int column = 0; column < size; column++)
                data[column, row] = heat[row * size + column];
        model.Series.Add(new HeatMapSeries
        {
            X0 = 0.5,
            X1 = size - 0.5,
            Y0 = 0.5,
            Y1 = size - 0.5,
            Data = data,
            ColorAxisKey = "heat",
            Interpolate = true,
            RenderMethod = HeatMapRenderMethod.Bitmap,
        });
        return ChartPng.Render(model, Width, Height);
    }

    /// <summary>Jet, transparent at 0 and 70% opaque at 1.</summary>
    private static OxyPalette SeeThroughJet()
    {
        IList<OxyColor> jet = OxyPalettes.Jet(256).Colors;
        return new OxyPalette(jet.Select((color, i) =>
            OxyColor.FromAColor((byte)(180 * Math.Pow(i / 255.0, 1.2)), color)));
    }

    /// <summary>The X-ray stretched to a square, as the network's resizing does, encoded as PNG for OxyPlot.</summary>
    private static byte[] SquarePng(byte[] encodedImage)
    {
        using SKBitmap original = SKBitmap.Decode(encodedImage)
            ?? throw new ArgumentException("The image cannot be decoded.", nameof(encodedImage));
        using SKBitmap square = original.Resize(new SKImageInfo(BackgroundSide, BackgroundSide), SKFilterQuality.High);
        using SKData png = square.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }
}
