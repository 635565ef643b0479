using Pneumonia.ML.Data;
using Pneumonia.ML.Evaluation;

namespace Pneumonia.ML;

public sealed partial class PneumoniaClassifier
{
    /// <summary>
    /// How <see cref="Threshold"/> was chosen, in words, for reports. It is fixed when the model is trained, so it is
    /// never tuned on the images being evaluated.
    /// </summary>
    internal string ThresholdOrigin => Engines.Predictions.ThresholdOrigin(ThresholdChoice);

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
        return EvaluationCalculator.Compute(Path.GetFullPath(folder), records, predictions.Select(p => p.Probability).ToArray(), Threshold,
            ThresholdOrigin, options, predictions.Select(p => p.InputCheck).ToArray());
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
        IReadOnlyList<ImageRecord> records = ImageFolder.Read(folder, ImageFolder.Split.Test);
        return (records, WhileAlive(() => Predictions(_preprocessor.Decode(records, cancellationToken), cancellationToken)));
    }
}
