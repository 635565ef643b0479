using System.Globalization;
using System.Text;

namespace Pneumonia.ML.Evaluation.Report;

/// <summary>One row per evaluated image: <c>path,label,probability,prediction,patient</c> (RFC 4180, invariant culture).</summary>
internal static class PredictionsCsv
{
    public const string Header = "path,label,probability,prediction,patient";

    public static string Format(IEnumerable<PneumoniaImageScore> images)
    {
        var csv = new StringBuilder(Header).Append("\r\n");
        foreach (PneumoniaImageScore image in images)
        {
            csv.Append(Quote(image.ImagePath)).Append(',')
               .Append(image.Label).Append(',')
               .Append(image.Probability.ToString("0.######", CultureInfo.InvariantCulture)).Append(',')
               .Append(image.PredictedLabel).Append(',')
               .Append(Quote(image.PatientId)).Append("\r\n");
        }
        return csv.ToString();
    }

    private static string Quote(string value) =>
        value.IndexOfAny([',', '"', '\r', '\n']) < 0 ? value : $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
