using System.CommandLine;
using System.Globalization;
using Pneumonia.ML;
using Spectre.Console;

namespace Pneumonia.Cli;

/// <summary>
/// What the commands add for a multi-class model (issue #16): the <c>--classes</c> option of train, the class columns of
/// predict, the per-class table of evaluate. A binary model's output is unchanged.
/// </summary>
internal static class ClassOutput
{
    private static readonly Dictionary<string, PneumoniaClasses> Sources = new(StringComparer.OrdinalIgnoreCase)
    {
        ["NormalPneumonia"] = PneumoniaClasses.NormalPneumonia,
        ["Folders"] = PneumoniaClasses.Folders,
        ["NormalBacterialViral"] = PneumoniaClasses.NormalBacterialViral,
    };

    /// <summary><c>--classes NAME</c>: where the classes come from (letter case ignored).</summary>
    public static Option<PneumoniaClasses> Option() => new("--classes")
    {
        Description = "Where the classes come from, one of: NormalPneumonia (the two folders, a binary model), Folders (one class per " +
            "folder, any number), NormalBacterialViral (NORMAL, and BACTERIAL / VIRAL from the PNEUMONIA file names).",
        HelpName = "NAME",
        DefaultValueFactory = _ => PneumoniaClasses.NormalPneumonia,
        CustomParser = result =>
        {
            if (result.Tokens.Count == 0) return PneumoniaClasses.NormalPneumonia;
            if (Sources.TryGetValue(result.Tokens[0].Value, out PneumoniaClasses? classes)) return classes;
            result.AddError($"Unknown classes '{result.Tokens[0].Value}'. Valid: {string.Join(", ", Sources.Keys)}.");
            return PneumoniaClasses.NormalPneumonia;
        },
    };

    /// <summary>For a multi-class model, two more tab-separated columns: the class, and every class's probability (NAME=P,…); empty otherwise.</summary>
    public static string Columns(PneumoniaClassifier classifier, PneumoniaPrediction p) =>
        !classifier.IsMulticlass ? "" : string.Create(CultureInfo.InvariantCulture,
            $"\t{p.ClassLabel}\t{string.Join(",", p.Classes.Select((name, i) => string.Create(CultureInfo.InvariantCulture, $"{name}={p.ClassProbabilities[i]:F4}")))}");

    /// <summary>For a multi-class model, the per-class table and the N×N confusion matrix of the folder.</summary>
    public static void Write(IAnsiConsole console, PneumoniaClassifier classifier, string data, CancellationToken cancellationToken)
    {
        if (!classifier.IsMulticlass) return;
        PneumoniaMulticlassMetrics m = classifier.EvaluateClasses(data, cancellationToken: cancellationToken);
        var table = new Table().Title(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"Classes: micro accuracy {m.MicroAccuracy:P1}, macro accuracy {m.MacroAccuracy:P1}, log-loss {m.LogLoss:F3}")))
            .AddColumns("Class", "Images", "Sensitivity (95% CI)", "Specificity (95% CI)", "One-vs-rest AUC (95% CI)");
        foreach (PneumoniaClassMetrics c in m.PerClass)
            table.AddRow(Markup.Escape(c.ClassName), c.Count.ToString(CultureInfo.InvariantCulture), Interval(c.Sensitivity, "P1"),
                Interval(c.Specificity, "P1"), Interval(c.Auc, "F3"));
        console.Write(table);

        var confusion = new Table().Title("Confusion matrix (truth in rows)").AddColumn("Truth");
        foreach (string name in m.Classes) confusion.AddColumn("Called " + Markup.Escape(name));
        for (int actual = 0; actual < m.Classes.Count; actual++)
            confusion.AddRow([Markup.Escape(m.Classes[actual]), .. m.ConfusionMatrix.Counts[actual].Select(n => n.ToString(CultureInfo.InvariantCulture))]);
        console.Write(confusion);
    }

    private static string Interval(PneumoniaInterval interval, string format) =>
        double.IsNaN(interval.Estimate) ? "n/a" : string.Create(CultureInfo.InvariantCulture,
            $"{interval.Estimate.ToString(format, CultureInfo.InvariantCulture)} ({interval.Lower.ToString(format, CultureInfo.InvariantCulture)}–{interval.Upper.ToString(format, CultureInfo.InvariantCulture)})");
}
