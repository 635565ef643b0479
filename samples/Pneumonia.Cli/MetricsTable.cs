using System.Globalization;
using Pneumonia.ML;
using Spectre.Console;

namespace Pneumonia.Cli;

/// <summary>Metrics and confusion matrix as two tables.</summary>
internal static class MetricsTable
{
    public static void Write(IAnsiConsole console, PneumoniaMetrics m, string title)
    {
        var metrics = new Table().Title(Markup.Escape(title)).AddColumns("Metric", "Value");
        metrics.AddRow("Images", m.Count.ToString(CultureInfo.InvariantCulture));
        metrics.AddRow("Accuracy", Percent(m.Accuracy));
        metrics.AddRow("Sensitivity (recall of pneumonia)", Percent(m.Sensitivity));
        metrics.AddRow("Specificity (recall of normal)", Percent(m.Specificity));
        metrics.AddRow("Precision (PPV)", Percent(m.Precision));
        metrics.AddRow("NPV", Percent(m.NegativePredictiveValue));
        metrics.AddRow("F1", Number(m.F1));
        metrics.AddRow("ROC AUC", Number(m.Auc));
        metrics.AddRow("Log-loss", Number(m.LogLoss));
        metrics.AddRow("Threshold", Number(m.Threshold));
        console.Write(metrics);

        PneumoniaConfusionMatrix c = m.ConfusionMatrix;
        var confusion = new Table().Title("Confusion matrix").AddColumns("Truth", "Called NORMAL", "Called PNEUMONIA");
        confusion.AddRow("NORMAL", c.TrueNegatives.ToString(CultureInfo.InvariantCulture), c.FalsePositives.ToString(CultureInfo.InvariantCulture));
        confusion.AddRow("PNEUMONIA", c.FalseNegatives.ToString(CultureInfo.InvariantCulture), c.TruePositives.ToString(CultureInfo.InvariantCulture));
        console.Write(confusion);
    }

    private static string Percent(double value) => double.IsNaN(value) ? "n/a" : value.ToString("P1", CultureInfo.InvariantCulture);

    private static string Number(double value) => double.IsNaN(value) ? "n/a" : value.ToString("F3", CultureInfo.InvariantCulture);
}
