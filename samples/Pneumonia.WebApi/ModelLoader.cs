using Microsoft.Extensions.Options;
using Pneumonia.ML;

namespace Pneumonia.WebApi;

/// <summary>
/// Loads the model once, for the application's lifetime: the file of Pneumonia:ModelPath, or, when that is empty, the
/// model shipped in Pneumonia.ML (<see cref="PneumoniaClassifier.LoadDefault"/>).
/// </summary>
internal static class ModelLoader
{
    public static PneumoniaClassifier Load(IOptions<PneumoniaApiOptions> options)
    {
        string path = options.Value.ModelPath;
        var inference = new PneumoniaInferenceOptions { MaxImagePixels = options.Value.MaxImagePixels };
        try
        {
            return string.IsNullOrWhiteSpace(path) ? PneumoniaClassifier.LoadDefault(inference) : PneumoniaClassifier.Load(path, inference);
        }
        catch (InvalidModelFileException e)
        {
            throw new StartupException(e.Message, e);
        }
    }

    /// <summary>Which model the app serves, for the startup log.</summary>
    public static string Describe(IOptions<PneumoniaApiOptions> options) =>
        string.IsNullOrWhiteSpace(options.Value.ModelPath)
            ? "the model shipped in Pneumonia.ML (Pneumonia:ModelPath is empty)"
            : $"the model file {Path.GetFullPath(options.Value.ModelPath)}";
}
