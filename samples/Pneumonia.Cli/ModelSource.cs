using System.CommandLine;
using Pneumonia.ML;

namespace Pneumonia.Cli;

/// <summary>
/// <c>--model FILE</c>, optional: without it, commands use the model that ships inside Pneumonia.ML
/// (<see cref="PneumoniaClassifier.LoadDefault"/>), and say so on stderr.
/// </summary>
internal static class ModelSource
{
    public static Option<string?> Option() => new("--model", "-m")
    {
        Description = "Model file written by train. Default: the model shipped in Pneumonia.ML (ResNet18, 160 px, int8 weights).",
        HelpName = "FILE",
    };

    /// <summary>Loads the model file, or the shipped model when <paramref name="path"/> is null.</summary>
    public static PneumoniaClassifier Load(string? path, PneumoniaInferenceOptions options)
    {
        if (path is not null) return PneumoniaClassifier.Load(path, options);
        PneumoniaClassifier classifier = PneumoniaClassifier.LoadDefault(options);
        Console.Error.WriteLine($"Using the model shipped in Pneumonia.ML ({classifier.Architecture}, {classifier.ImageSize} px); --model FILE picks another.");
        return classifier;
    }

    /// <summary>How the model is named in messages.</summary>
    public static string Describe(string? path) => path ?? "the shipped model";
}
