using System.CommandLine;
using Pneumonia.ML;

namespace Pneumonia.Cli;

/// <summary>
/// <c>export-inference --model FILE --output FILE.pnmi [--precision int8|float32]</c>: writes the inference model file that
/// Pneumonia.ML.Inference's <c>PneumoniaPredictor.Load</c> (and the web API sample) runs without libtorch or ML.NET
/// (<see cref="PneumoniaClassifier.ExportInferenceModel"/>): binary and multi-class models.
/// </summary>
internal static class ExportInferenceCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model", "-m") { Description = "Model file written by train.", HelpName = "FILE", Required = true };
        var output = new Option<string>("--output", "-o")
        {
            Description = "Inference model file to write (by convention .pnmi); its folder is created.",
            HelpName = "FILE",
            Required = true,
        };
        Option<PneumoniaWeightPrecision> precision = NamedOption.Create("--precision", null,
            "The graph's weights (Int8: the graph of the OnnxRuntimeInt8 engine, about a quarter of the size; Float32: OnnxRuntime's)",
            "precision", PneumoniaWeightPrecision.Int8);
        var command = new Command("export-inference",
            "Write a model as an inference model file (.pnmi) for Pneumonia.ML.Inference and the web API, which run on ONNX Runtime only.")
        {
            model, output, precision,
        };
        command.SetAction((result, _) => CommandRunner.Run(() =>
            Run(result.GetRequiredValue(model), result.GetRequiredValue(output), result.GetValue(precision))));
        return command;
    }

    private static int Run(string modelPath, string output, PneumoniaWeightPrecision precision)
    {
        using PneumoniaClassifier classifier = PneumoniaClassifier.Load(modelPath);
        string fullOutput = Path.GetFullPath(output);
        Directory.CreateDirectory(Path.GetDirectoryName(fullOutput)!);
        try
        {
            classifier.ExportInferenceModel(fullOutput, precision);
        }
        catch (InvalidOperationException e)
        {
            throw new CliException(ExitCodes.UsageError, $"{e.Message.TrimEnd('.')}; export it with --precision float32.");
        }
        string classes = classifier.IsMulticlass ? $", classes {string.Join(", ", classifier.Classes)}" : "";
        Console.Out.WriteLine($"Wrote {fullOutput} ({classifier.Architecture}, {classifier.ImageSize} px, {precision}{classes}).");
        return ExitCodes.Success;
    }
}
