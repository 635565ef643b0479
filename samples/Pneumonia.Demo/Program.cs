// Pneumonia.ML demo: what the article's Keras notebook did, on a bundled sample of 80 real chest X-rays.
// Train the article's network, print its summary and per-epoch figures, evaluate on held-out patients,
// save, load, and predict single images. Usage: dotnet run --project samples/Pneumonia.Demo [-- DATA_FOLDER]
// Exit codes: the samples' table (samples/Shared/ExitCodes.cs, docs/cli.md).
using Pneumonia.ML;
using Pneumonia.Samples;
using Spectre.Console;

SampleErrors.ExitOnUnhandledException();

string data = args.Length > 0 ? args[0] : Path.Combine(AppContext.BaseDirectory, "data", "chest-xray-sample");
string modelPath = Path.Combine(Path.GetTempPath(), "pneumonia-demo.model");
// The article's recipe (its network, RMSprop at 0.001, no augmentation, threshold 0.5), smaller and shorter.
PneumoniaTrainingOptions options = PneumoniaTrainingOptions.Article();
options.ImageSize = 150;
options.Epochs = 15;
options.BatchSize = 8;
options.Seed = 1;

AnsiConsole.MarkupLine($"[bold]Pneumonia.ML demo[/] — training the article's network on [blue]{Markup.Escape(data)}[/]");
AnsiConsole.MarkupLine("[grey]Sample X-rays: Kermany et al. 2018, CC BY 4.0. Too few images to mean anything clinically.[/]");

var progress = new SynchronousProgress(p =>
{
    if (p.Stage != PneumoniaTrainingStage.Epoch) return;
    string validation = p.Validation is { } v ? $" - val_loss: {v.LogLoss:F4} - val_accuracy: {v.Accuracy:F4} - val_auc: {v.Auc:F4}" : "";
    Console.WriteLine($"Epoch {p.Epoch}/{p.Epochs} - {p.Elapsed.TotalSeconds:F0}s - loss: {p.Loss:F4} - accuracy: {p.Accuracy:F4}{validation}");
});

using (PneumoniaClassifier classifier = PneumoniaClassifier.Train(data, options, progress))
{
    var summary = new Table().Title("Model summary").AddColumns("Layer (type)", "Output shape", "Param #");
    foreach (PneumoniaLayerSummary layer in classifier.DescribeNetwork())
        summary.AddRow($"{layer.Name} ({layer.Kind})", $"({string.Join(", ", layer.OutputShape)})", $"{layer.Parameters:N0}");
    AnsiConsole.Write(summary);
    AnsiConsole.MarkupLine($"Total params: {classifier.DescribeNetwork().Sum(l => l.Parameters):N0}");

    classifier.Save(modelPath);
    AnsiConsole.MarkupLine($"Saved to [blue]{Markup.Escape(modelPath)}[/] ({new FileInfo(modelPath).Length / 1024:N0} KB)");
}

using PneumoniaClassifier loaded = PneumoniaClassifier.Load(modelPath);
PneumoniaMetrics m = loaded.Evaluate(data);
var metrics = new Table().Title("Held-out test images (other patients)").AddColumns("Metric", "Value");
metrics.AddRow("Images", m.Count.ToString());
metrics.AddRow("Accuracy", m.Accuracy.ToString("P1"));
metrics.AddRow("Sensitivity (recall of pneumonia)", m.Sensitivity.ToString("P1"));
metrics.AddRow("Specificity (recall of normal)", m.Specificity.ToString("P1"));
metrics.AddRow("Precision (PPV)", m.Precision.ToString("P1"));
metrics.AddRow("NPV", m.NegativePredictiveValue.ToString("P1"));
metrics.AddRow("F1", m.F1.ToString("F3"));
metrics.AddRow("ROC AUC", m.Auc.ToString("F3"));
metrics.AddRow("Log-loss", m.LogLoss.ToString("F3"));
metrics.AddRow("Threshold", m.Threshold.ToString("F2"));
AnsiConsole.Write(metrics);

var confusion = new Table().Title("Confusion matrix").AddColumns("", "Called NORMAL", "Called PNEUMONIA");
confusion.AddRow("NORMAL", m.ConfusionMatrix.TrueNegatives.ToString(), m.ConfusionMatrix.FalsePositives.ToString());
confusion.AddRow("PNEUMONIA", m.ConfusionMatrix.FalseNegatives.ToString(), m.ConfusionMatrix.TruePositives.ToString());
AnsiConsole.Write(confusion);

var predictions = new Table().Title("Single-image predictions with the loaded model").AddColumns("Image", "Truth", "Prediction", "P(pneumonia)");
foreach (string label in new[] { "NORMAL", "PNEUMONIA" })
    foreach (string image in Directory.GetFiles(Path.Combine(data, "test", label)).Order().Take(3))
    {
        PneumoniaPrediction p = loaded.Predict(image);
        predictions.AddRow(Path.GetFileName(image), label, p.Label, p.Probability.ToString("F3"));
    }
AnsiConsole.Write(predictions);

/// <summary>Reports on the training thread, so epoch lines print in order (Progress&lt;T&gt; would post them to the thread pool).</summary>
internal sealed class SynchronousProgress(Action<PneumoniaTrainingProgress> report) : IProgress<PneumoniaTrainingProgress>
{
    public void Report(PneumoniaTrainingProgress value) => report(value);
}
