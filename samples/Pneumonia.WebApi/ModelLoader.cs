using Microsoft.Extensions.Options;
using Pneumonia.ML;

namespace Pneumonia.WebApi;

/// <summary>The model could not be loaded at startup; the message says what to configure.</summary>
internal sealed class ModelStartupException(string message, Exception? innerException = null) : Exception(message, innerException);

/// <summary>Loads the configured model once, for the application's lifetime.</summary>
internal static class ModelLoader
{
    public static PneumoniaClassifier Load(IOptions<PneumoniaApiOptions> options)
    {
        string path = options.Value.ModelPath;
        if (string.IsNullOrWhiteSpace(path))
            throw new ModelStartupException(
                "no model file is configured. Set Pneumonia:ModelPath in appsettings.json, or the environment variable " +
                "Pneumonia__ModelPath, or pass --Pneumonia:ModelPath=FILE; train one with `pneumonia train` (samples/Pneumonia.Cli).");
        try
        {
            return PneumoniaClassifier.Load(path);
        }
        catch (InvalidModelFileException e)
        {
            throw new ModelStartupException(e.Message, e);
        }
    }
}
