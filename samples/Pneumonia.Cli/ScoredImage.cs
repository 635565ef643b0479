using System.Globalization;
using System.Text;
using Pneumonia.ML;

namespace Pneumonia.Cli;

/// <summary>One image's answer as predict and score write it: a prediction at the chosen threshold, or why the image was refused.</summary>
internal sealed class ScoredImage
{
    /// <summary>The columns of the CSV that predict --format csv and score write, in order.</summary>
    public static readonly string[] Columns = ["path", "label", "probability", "threshold", "unusual", "unusual_reason", "feature_distance", "error"];

    /// <summary>The CSV header line (no line break).</summary>
    public static string CsvHeader => string.Join(',', Columns);

    private ScoredImage(string path, PneumoniaPrediction? prediction, double threshold, string? error)
    {
        Path = path;
        Prediction = prediction;
        Threshold = threshold;
        Error = error;
    }

    public string Path { get; }

    public PneumoniaPrediction? Prediction { get; }

    /// <summary>The threshold the label was decided with (the model's, an operating point's, or --threshold).</summary>
    public double Threshold { get; }

    /// <summary>Why the image was refused (the library's message, naming the file), or null.</summary>
    public string? Error { get; }

    /// <summary>PNEUMONIA or NORMAL at <see cref="Threshold"/>; null for a refused image.</summary>
    public string? Label => Prediction is null ? null
        : Prediction.Probability >= Threshold ? PneumoniaClassifier.PneumoniaLabel : PneumoniaClassifier.NormalLabel;

    public static ScoredImage Scored(string path, PneumoniaPrediction prediction, double threshold) => new(path, prediction, threshold, null);

    public static ScoredImage Refused(string path, string error) => new(path, null, double.NaN, error);

    /// <summary>The probability as written: the shortest text that reads back as the same float.</summary>
    public static string Number(float value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>One CSV record (RFC 4180: fields with a comma, quote or line break quoted), ending with "\n".</summary>
    public string ToCsv()
    {
        PneumoniaPrediction? p = Prediction;
        string?[] fields =
        [
            Path,
            Label,
            p is null ? null : Number(p.Probability),
            p is null ? null : Threshold.ToString("R", CultureInfo.InvariantCulture),
            p is null ? null : p.IsUnusualImage ? "true" : "false",
            p?.InputCheck.Reason,
            p?.InputCheck.Distance is { } d ? d.ToString("R", CultureInfo.InvariantCulture) : null,
            Error,
        ];
        var line = new StringBuilder();
        for (int i = 0; i < fields.Length; i++)
        {
            if (i > 0) line.Append(',');
            line.Append(Quote(fields[i] ?? ""));
        }
        return line.Append('\n').ToString();
    }

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
