using System.CommandLine;
using Pneumonia.ML;

namespace Pneumonia.Cli;

/// <summary>Options that take a name of an enum, in any letter case: <c>--architecture</c>, <c>--engine</c>, <c>--format</c>, ….</summary>
internal static class NamedOption
{
    public static Option<PneumoniaArchitecture> Architecture(PneumoniaArchitecture defaultValue) =>
        Create("--architecture", "-a", "The network to train", "architecture", defaultValue);

    public static Option<PneumoniaInferenceEngine> Engine() =>
        Create("--engine", "-e", "What runs the network (OnnxRuntimeInt8: fastest, probabilities move slightly)", "engine",
            PneumoniaInferenceEngine.TorchSharp);

    // showDefault false: the default depends on other options (train's --recipe), so the help shows no "[default: …]" and
    // the option counts as given only when it is.
    public static Option<T> Create<T>(string name, string? alias, string description, string noun, T defaultValue, bool showDefault = true)
        where T : struct, Enum
    {
        string validNames = string.Join(", ", Enum.GetNames<T>());
        Option<T> option = alias is null ? new Option<T>(name) : new Option<T>(name, alias);
        Configure(option, description, noun, defaultValue, validNames);
        if (!showDefault) option.DefaultValueFactory = null;
        return option;
    }

    private static Option<T> Configure<T>(Option<T> option, string description, string noun, T defaultValue, string validNames)
        where T : struct, Enum
    {
        option.Description = $"{description.TrimEnd('.')}. One of: {validNames} (letter case ignored).";
        option.HelpName = "NAME";
        option.DefaultValueFactory = _ => defaultValue;
        option.CustomParser = result =>
        {
            if (result.Tokens.Count == 0) return defaultValue;
            string text = result.Tokens[0].Value;
            // Names only: Enum.TryParse would also take "7" and turn it into a value that does not exist.
            string? match = Enum.GetNames<T>().FirstOrDefault(n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase));
            if (match is not null) return Enum.Parse<T>(match);
            result.AddError($"Unknown {noun} '{text}'. Valid {noun}s: {validNames}.");
            return defaultValue;
        };
        return option;
    }
}
