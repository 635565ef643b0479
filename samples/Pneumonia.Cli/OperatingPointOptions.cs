using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using Pneumonia.ML;

namespace Pneumonia.Cli;

/// <summary>
/// <c>--operating-point NAME</c> or <c>--threshold P</c>: the probability at or above which predict and score call an
/// image PNEUMONIA. Names: <c>default</c> (the model's own threshold) and the operating points the model stores
/// (<see cref="PneumoniaClassifier.OperatingPoints"/>: <c>sensitivity90|95|99</c>, <c>specificity90|95|99</c> for
/// cross-validated models), each chosen on held-out predictions when the model was made.
/// </summary>
internal sealed partial class OperatingPointOptions
{
    public const string DefaultName = "default";

    public Option<string> OperatingPoint { get; } = new("--operating-point", "-p")
    {
        Description = "Threshold to decide with: default (the model's), or one the model stores, e.g. sensitivity95, specificity95 (cross-validated models store sensitivity90|95|99 and specificity90|95|99).",
        HelpName = "NAME",
        DefaultValueFactory = _ => DefaultName,
    };

    public Option<double?> Threshold { get; } = new("--threshold", "-t")
    {
        Description = "Decide with this probability threshold in (0, 1) instead of an operating point.",
        HelpName = "P",
    };

    public OperatingPointOptions()
    {
        Threshold.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double?>() is { } t && !(t > 0 && t < 1))
                result.AddError($"--threshold must be in (0, 1); got {t.ToString(CultureInfo.InvariantCulture)}.");
        });
    }

    public void AddTo(Command command)
    {
        command.Options.Add(OperatingPoint);
        command.Options.Add(Threshold);
        command.Validators.Add(result =>
        {
            if (result.GetResult(Threshold) is { Implicit: false } && result.GetResult(OperatingPoint) is { Implicit: false })
                result.AddError("--threshold and --operating-point cannot be used together.");
        });
    }

    /// <summary>The threshold asked for on this command line.</summary>
    /// <exception cref="CliException">The model stores no operating point of that name.</exception>
    public double Resolve(ParseResult result, PneumoniaClassifier classifier)
    {
        if (result.GetValue(Threshold) is { } threshold) return threshold;
        string name = result.GetValue(OperatingPoint) ?? DefaultName;
        if (string.Equals(name, DefaultName, StringComparison.OrdinalIgnoreCase)) return classifier.Threshold;
        foreach (PneumoniaOperatingPoint point in classifier.OperatingPoints)
            if (string.Equals(ShortName(point), name, StringComparison.OrdinalIgnoreCase)) return point.Threshold;
        string stored = string.Join(", ", new[] { DefaultName }.Concat(classifier.OperatingPoints.Select(ShortName).Where(n => n != DefaultName)));
        throw new CliException(Pneumonia.Samples.ExitCodes.UsageError, $"the model stores no operating point '{name}'. It stores: {stored}. " +
            "Models made by CrossValidate or TrainOnAllPatients store sensitivity and specificity points; --threshold P sets any threshold.");
    }

    /// <summary>"sensitivity ≥ 0.95" → "sensitivity95"; the classifier's own threshold → "default".</summary>
    public static string ShortName(PneumoniaOperatingPoint point)
    {
        Match match = StoredName().Match(point.Name);
        return match.Success ? match.Groups[1].Value + match.Groups[2].Value : DefaultName;
    }

    [GeneratedRegex(@"^(sensitivity|specificity) ≥ 0\.(\d\d)$")]
    private static partial Regex StoredName();
}
