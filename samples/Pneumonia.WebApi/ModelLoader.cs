using Microsoft.Extensions.Options;
using Pneumonia.ML;

namespace Pneumonia.WebApi;

/// <summary>Loads the configured model once, for the application's lifetime.</summary>
internal static class ModelLoader
{
    public static PneumoniaClassifier Load(IOptions<PneumoniaApiOptions> options)
    {
        string path = options.Value.ModelPath;
        if (string.IsNullOrWhiteSpace(path))
            throw new StartupException(
                "no model file is configured. Set Pneumonia:ModelPath in appsettings.json, or the environment variable " +
                "Pneumonia__ModelPath, or pass --Pneumonia:ModelPath=FILE; train one with `pneumonia train` (samples/Pneumonia.Cli).");
        try
        {
            return PneumoniaClassifier.Load(path, new PneumoniaInferenceOptions { MaxImagePixels = options.Value.MaxImagePixels });
        }
        catch (InvalidModelFileException e)
        {
            throw new StartupException(e.Message, e);
        }
    }
}
