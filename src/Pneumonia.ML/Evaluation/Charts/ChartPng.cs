using OxyPlot;
using OxyPlot.SkiaSharp;

namespace Pneumonia.ML.Evaluation.Charts;

/// <summary>Renders an OxyPlot chart to PNG bytes on a white background.</summary>
internal static class ChartPng
{
    /// <summary>Size of every evaluation chart, in pixels.</summary>
    public const int Width = 720, Height = 540;

    /// <summary>Normal in blue, pneumonia (and the model's curves) in orange-red, throughout the report.</summary>
    public static readonly OxyColor Blue = OxyColor.FromRgb(0x1f, 0x77, 0xb4);
    public static readonly OxyColor Orange = OxyColor.FromRgb(0xd6, 0x5f, 0x0e);
    public static readonly OxyColor Grey = OxyColor.FromRgb(0x88, 0x88, 0x88);

    /// <summary>A chart with the report's fonts and margins.</summary>
    public static PlotModel NewModel(string title, string? subtitle = null) => new()
    {
        Title = title,
        Subtitle = subtitle,
        TitleFontSize = 17,
        SubtitleFontSize = 13,
        DefaultFontSize = 13,
        PlotAreaBorderColor = Grey,
    };

    public static byte[] Render(PlotModel model, int width = Width, int height = Height)
    {
        model.Background = OxyColors.White;
        // Text shaping would need HarfBuzz's native library, which SkiaSharp does not ship for Linux by default; plain
        // Latin labels do not need it.
        var exporter = new PngExporter { Width = width, Height = height, UseTextShaping = false };
        using var stream = new MemoryStream();
        exporter.Export(model, stream);
        return stream.ToArray();
    }
}
