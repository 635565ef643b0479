using Pneumonia.ML.Data;
using Pneumonia.ML.Evaluation;

namespace Pneumonia.ML;

public sealed partial class PneumoniaClassifier
{
    /// <summary>Whether evaluation reads folders by this multi-class model's own classes (not for the binary model or a rule's).</summary>
    private bool ReadsOwnClasses => IsMulticlass && PneumoniaClasses.FromStored(_metadata.ClassSource) is not null;

    /// <summary>
    /// Scores every image of a labelled folder (the layouts of <see cref="Train"/>; for a Kaggle root, its
    /// <c>test/</c> folder) and reports what a radiologist asks about: the metrics of <see cref="Evaluate"/> with
    /// confidence intervals, the ROC and precision–recall curves, calibration, and every image's score. Write it
    /// as an HTML report with <see cref="PneumoniaReport.Write"/>.
    /// </summary>
    /// <param name="folder">The labelled images.</param>
    /// <param name="options">How to compute intervals and calibration; null for the defaults (95%, Wilson, 2,000 bootstrap resamples, 10 bins).</param>
    /// <param name="cancellationToken">Stops scoring between batches.</param>
    /// <exception cref="InvalidDatasetException">The folder is missing, wrongly laid out, or lacks a class.</exception>
    /// <exception cref="InvalidImageException">An image cannot be decoded; the exception names it.</exception>
    public PneumoniaEvaluation EvaluateDetailed(string folder, PneumoniaEvaluationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new PneumoniaEvaluationOptions();
        options.Validate();
        (IReadOnlyList<ImageRecord> records, PneumoniaPrediction[] predictions) = ScoreFolder(folder, cancellationToken);
        PneumoniaEvaluation evaluation = EvaluationCalculator.Compute(Path.GetFullPath(folder), records, predictions.Select(p => p.Probability).ToArray(), Threshold,
            Engines.Predictions.EvaluationThresholdNote(ThresholdOrigin), options, predictions.Select(p => p.InputCheck).ToArray());
        if (!ReadsOwnClasses) return evaluation;
        return evaluation with
        {
            ClassMetrics = MulticlassMetricsCalculator.Compute(records.Select(r => r.Class).ToArray(),
                predictions.Select(p => p.ClassProbabilities.ToArray()).ToArray(), Classes, options.ConfidenceLevel, options.ProportionInterval),
        };
    }

    /// <summary>
    /// Scores every image of a labelled folder (the layouts of <see cref="Train"/>; for a Kaggle root, its
    /// <c>test/</c> folder) at this classifier's <see cref="Threshold"/>.
    /// </summary>
    /// <exception cref="InvalidDatasetException">The folder is missing, wrongly laid out, or lacks a class.</exception>
    /// <exception cref="InvalidImageException">An image cannot be decoded; the exception names it.</exception>
    public PneumoniaMetrics Evaluate(string folder, CancellationToken cancellationToken = default)
    {
        (IReadOnlyList<ImageRecord> records, PneumoniaPrediction[] predictions) = ScoreFolder(folder, cancellationToken);
        return MetricsCalculator.Compute(records.Select(r => r.Label).ToArray(), predictions.Select(p => p.Probability).ToArray(), Threshold);
    }

    /// <summary>
    /// Reads a labelled folder (for a Kaggle root, its test/) and scores every image in batches, input checks included
    /// (evaluation never refuses an unusual image: the report lists them).
    /// </summary>
    private (IReadOnlyList<ImageRecord> Records, PneumoniaPrediction[] Predictions) ScoreFolder(string folder, CancellationToken cancellationToken)
    {
        // A multi-class model reads the folder as it was trained (its class folders, or the file names), each class but
        // NORMAL counting as pneumonia; a rule's model, which cannot read its classes, reads NORMAL and PNEUMONIA.
        IReadOnlyList<ImageRecord> records = ReadsOwnClasses
            ? ClassFolder.Read(folder, ImageFolder.Split.Test, PneumoniaClasses.FromStored(_metadata.ClassSource)!, Classes).Records
            : ImageFolder.Read(folder, ImageFolder.Split.Test);
        return (records, _pipeline.Predict(records, cancellationToken));
    }
}
