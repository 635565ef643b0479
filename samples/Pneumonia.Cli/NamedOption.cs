using System.CommandLine;
using Pneumonia.ML;

namespace Pneumonia.Cli;

/// <summary>Options that take a name of an enum, in any letter case: <c>--architecture</c> and <c>--engine</c>.</summary>
internal static class NamedOption
{
    public static Option<PneumoniaArchitecture> Architecture(PneumoniaArchitecture defaultValue) =>
        Create("--architecture", "-a", "The network to train", "architecture", defaultValue);

    public static Option<PneumoniaInferenceEngine> Engine() =>
        Create("--engine", "-e", "What runs the network (OnnxRuntimeInt8: fastest, probabilities move slightly)", "engine",
            PneumoniaInferenceEngine.TorchSharp);

    private static Option<T> Create<T>(string name, string alias, string description, string noun, T defaultValue)
        where T : struct, Enum
    {
        string validNames = string.Join(", ", Enum.GetNames<T>());
        return new Option<T>(name, alias)
        {
            Description = $"{description}, one of: {validNames} (letter case ignored).",
            HelpName = "NAME",
            DefaultValueFactory = _ => defaultValue,
            CustomParser = result =>
            {
                if (result.Tokens.Count == 0) return defaultValue;
                string text = result.Tokens[0].Value;
                // Names only: Enum.TryParse would also take "7" and turn it into a value that does not exist.
                string? match = Enum.GetNames<T>().FirstOrDefault(n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase));
                if (match is not null) return Enum.Parse<T>(match);
                result.AddError($"Unknown {noun} '{text}'. Valid {noun}s: {validNames}.");
                return defaultValue;
            },
        };
    }
}
