using System.CommandLine;
using System.CommandLine.Parsing;
using Pneumonia.ML;

namespace Pneumonia.Cli;

/// <summary><c>--architecture NAME</c>: a name of <see cref="PneumoniaArchitecture"/>, in any letter case.</summary>
internal static class ArchitectureOption
{
    private static string ValidNames => string.Join(", ", Enum.GetNames<PneumoniaArchitecture>());

    public static Option<PneumoniaArchitecture> Create(PneumoniaArchitecture defaultValue) => new("--architecture", "-a")
    {
        Description = $"The network to train, one of: {ValidNames} (letter case ignored).",
        HelpName = "NAME",
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result => Parse(result, defaultValue),
    };

    private static PneumoniaArchitecture Parse(ArgumentResult result, PneumoniaArchitecture defaultValue)
    {
        if (result.Tokens.Count == 0) return defaultValue;
        string text = result.Tokens[0].Value;
        // Names only: Enum.TryParse would also take "7" and turn it into an architecture that does not exist.
        string? name = Enum.GetNames<PneumoniaArchitecture>()
            .FirstOrDefault(n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase));
        if (name is not null) return Enum.Parse<PneumoniaArchitecture>(name);
        result.AddError($"Unknown architecture '{text}'. Valid architectures: {ValidNames}.");
        return defaultValue;
    }
}
