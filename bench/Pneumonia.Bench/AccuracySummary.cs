using System.Globalization;
using System.Text.Json;

namespace Pneumonia.Bench;

/// <summary>
/// The accuracy table of bench/README.md from bench/results/accuracy.jsonl: one row per run, then per architecture
/// the mean over seeds with a 95% confidence interval (Student's t over the seeds).
/// </summary>
internal static class AccuracySummary
{
    private static readonly (string Name, string Format, Func<JsonElement, double> Get)[] Columns =
    [
        ("accuracy", "F4", r => r.GetProperty("Metrics").GetProperty("Accuracy").GetDouble()),
        ("sensitivity", "F4", r => r.GetProperty("Metrics").GetProperty("Sensitivity").GetDouble()),
        ("specificity", "F4", r => r.GetProperty("Metrics").GetProperty("Specificity").GetDouble()),
        ("AUC", "F4", r => r.GetProperty("Metrics").GetProperty("Auc").GetDouble()),
        ("Brier", "F4", r => r.GetProperty("Brier").GetDouble()),
        ("minutes", "F1", r => r.GetProperty("TrainingMinutes").GetDouble()),
    ];

    // Two-sided 97.5% quantiles of Student's t for 1–9 degrees of freedom.
    private static readonly double[] T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262];

    public static void Print(string jsonlPath, TextWriter output)
    {
        JsonElement[] runs = File.ReadLines(jsonlPath).Where(l => l.Trim().Length > 0)
            .Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToArray();
        output.WriteLine($"| run | {string.Join(" | ", Columns.Select(c => c.Name))} | peak RSS MB |");
        output.WriteLine($"|---|{string.Concat(Enumerable.Repeat("---|", Columns.Length + 1))}");
        foreach (var group in runs.GroupBy(r => r.GetProperty("Architecture").GetString()))
        {
            foreach (JsonElement r in group)
                output.WriteLine($"| {group.Key} seed {r.GetProperty("Seed").GetInt32()} | " +
                    string.Join(" | ", Columns.Select(c => Format(c.Get(r), c.Format))) + $" | {r.GetProperty("PeakMemoryMegabytes").GetDouble():F0} |");
            if (group.Count() < 2) continue;
            output.WriteLine($"| **{group.Key} mean (95% CI), {group.Count()} seeds** | " +
                string.Join(" | ", Columns.Select(c => MeanInterval(group.Select(c.Get).ToArray(), c.Format))) + " | |");
        }
    }

    private static string MeanInterval(double[] values, string format)
    {
        double mean = values.Average();
        double sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
        double half = T975[Math.Min(values.Length - 2, T975.Length - 1)] * sd / Math.Sqrt(values.Length);
        return $"{Format(mean, format)} ({Format(mean - half, format)}–{Format(mean + half, format)})";
    }

    private static string Format(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
