using Microsoft.Extensions.Options;
using Pneumonia.ML;

namespace Pneumonia.WebApi;

/// <summary>
/// Loads the model once, for the application's lifetime, on Pneumonia.ML.Inference (ONNX Runtime only): the inference
/// model file (<c>.pnmi</c>) of Pneumonia:ModelPath, or, when that is empty, the model shipped in the package
/// (<see cref="PneumoniaPredictor.LoadDefault"/>). A full model file (what <c>pneumonia train</c> writes) is refused with
/// the command that converts it.
/// </summary>
internal static class ModelLoader
{
    public static PneumoniaPredictor Load(IOptions<PneumoniaApiOptions> options)
    {
        string path = options.Value.ModelPath;
        var predictor = new PneumoniaPredictorOptions { MaxImagePixels = options.Value.MaxImagePixels, Threads = options.Value.InferenceThreads };
        try
        {
            if (string.IsNullOrWhiteSpace(path)) return PneumoniaPredictor.LoadDefault(predictor);
            if (FullModelFile.Is(path))
            {
                string fullPath = Path.GetFullPath(path);
                string converted = Path.ChangeExtension(fullPath, ".pnmi");
                throw new StartupException(
                    $"The model file '{fullPath}' is a full Pneumonia.ML model (TorchSharp weights), and this web API runs on Pneumonia.ML.Inference, " +
                    $"which serves inference model files (.pnmi) only. Convert it with `pneumonia export-inference --model {fullPath} --output {converted}` " +
                    $"(samples/Pneumonia.Cli) and set {PneumoniaApiOptions.Section}:ModelPath to the .pnmi file.",
                    new InvalidModelFileException(fullPath, "it is a full model file, not an inference model file."));
            }
            return PneumoniaPredictor.Load(path, predictor);
        }
        catch (InvalidModelFileException e)
        {
            throw new StartupException(e.Message, e);
        }
    }

    /// <summary>Which model the app serves, for the startup log.</summary>
    public static string Describe(IOptions<PneumoniaApiOptions> options) =>
        string.IsNullOrWhiteSpace(options.Value.ModelPath)
            ? "the model shipped in Pneumonia.ML.Inference (Pneumonia:ModelPath is empty)"
            : $"the inference model file {Path.GetFullPath(options.Value.ModelPath)}";
}
