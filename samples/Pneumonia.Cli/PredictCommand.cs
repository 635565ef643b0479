using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Pneumonia.ML;

namespace Pneumonia.Cli;

/// <summary>
/// <c>predict [--model FILE] [--engine NAME] [--format table|json|csv] [--operating-point NAME | --threshold P] IMAGE|FOLDER...</c>:
/// predicts X-rays in batches (folders expand to their JPEG and PNG files). <c>table</c> (the default) prints one
/// tab-separated line per image: path, label, probability of pneumonia; <c>json</c> an array of objects; <c>csv</c> the
/// columns of <c>score</c> (for a multi-class model, table lines then add its class and every class's probability). An image that cannot be read gets a message on stderr (and a row with its error in json and
/// csv); the others are still predicted, and the exit code is 2 (as when the folders hold no image). An image the input check finds unlike a chest X-ray
/// (<see cref="PneumoniaPrediction.IsUnusualImage"/>) keeps its line and gets a warning on stderr saying why.
/// </summary>
internal static class PredictCommand
{
    /// <summary>Images per call of the batch path.</summary>
    private const int BatchSize = 32;

    public static Command Create()
    {
        Option<string?> model = ModelSource.Option();
        Option<PneumoniaInferenceEngine> engine = NamedOption.Engine();
        Option<OutputFormat> format = NamedOption.Create("--format", "-f", "How to print the predictions", "format", OutputFormat.Table);
        var operatingPoint = new OperatingPointOptions();
        var images = new Argument<string[]>("IMAGE")
        {
            Description = "X-ray files (JPEG or PNG), or folders: every JPEG and PNG below them, sorted.",
            Arity = ArgumentArity.OneOrMore,
        };

        var command = new Command("predict", "Predict X-rays: prints path, label and probability of pneumonia for each.")
        {
            model, engine, format, images,
        };
        operatingPoint.AddTo(command);
        command.SetAction((result, cancellationToken) => CommandRunner.Run(() =>
        {
            using PneumoniaClassifier classifier = ModelSource.Load(result.GetValue(model), new PneumoniaInferenceOptions { Engine = result.GetValue(engine) });
            double threshold = operatingPoint.Resolve(result, classifier);
            return Run(classifier, threshold, result.GetValue(format), result.GetRequiredValue(images), cancellationToken);
        }));
        return command;
    }

    private static int Run(PneumoniaClassifier classifier, double threshold, OutputFormat format, string[] arguments, CancellationToken cancellationToken)
    {
        List<string> images = ImageInputs.Expand(arguments);
        var all = new List<ScoredImage>(images.Count);
        if (format == OutputFormat.Csv) Console.Out.Write(ScoredImage.CsvHeader + "\n");
        foreach (string[] batch in images.Chunk(BatchSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (ScoredImage image in BatchPredictor.Predict(classifier, batch, threshold))
            {
                all.Add(image);
                if (image.Error is { } error) Console.Error.WriteLine($"error: {error}");
                else if (image.Prediction!.InputCheck.Reason is { } reason)
                    Console.Error.WriteLine($"warning: {image.Path} looks unusual, do not trust its answer: {reason}");
                if (format == OutputFormat.Table && image.Prediction is { } p)
                    Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{image.Path}\t{image.Label}\t{p.Probability:F4}") + ClassOutput.Columns(classifier, p));
                else if (format == OutputFormat.Csv) Console.Out.Write(image.ToCsv());
            }
        }
        if (format == OutputFormat.Json) Console.Out.WriteLine(Json(all));
        if (images.Count == 0)
        {
            Console.Error.WriteLine($"error: no JPEG or PNG image in {string.Join(", ", arguments)}.");
            return ExitCodes.InvalidData;
        }
        return all.Any(i => i.Error is not null) ? ExitCodes.InvalidData : ExitCodes.Success;
    }

    private static string Json(IEnumerable<ScoredImage> images)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartArray();
            foreach (ScoredImage image in images)
            {
                json.WriteStartObject();
                json.WriteString("path", image.Path);
                if (image.Prediction is { } p)
                {
                    json.WriteString("label", image.Label);
                    json.WriteNumber("probability", p.Probability);
                    json.WriteNumber("threshold", image.Threshold);
                    json.WriteBoolean("unusualImage", p.IsUnusualImage);
                    json.WriteString("unusualReason", p.InputCheck.Reason);
                    if (p.InputCheck.Distance is { } distance) json.WriteNumber("featureDistance", distance);
                    else json.WriteNull("featureDistance");
                }
                else json.WriteString("error", image.Error);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The values of <c>--format</c>.</summary>
    internal enum OutputFormat
    {
        /// <summary>Tab-separated lines: path, label, probability (4 decimals).</summary>
        Table,

        /// <summary>A JSON array, one object per image.</summary>
        Json,

        /// <summary>CSV with a header: the columns of the score command.</summary>
        Csv,
    }
}
