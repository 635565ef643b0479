using Microsoft.ML;

namespace Pneumonia.ML;

/// <summary>The pneumonia classifier's entry on ML.NET's catalogs.</summary>
public static class PneumoniaCatalog
{
    /// <summary>
    /// A trainer of chest X-ray pneumonia classifiers for an ML.NET pipeline:
    /// <c>mlContext.BinaryClassification.Trainers.Pneumonia(options)</c>. Its <see cref="PneumoniaEstimator.Fit"/>
    /// reads a Boolean label column (true for pneumonia) and an image column (file paths as text, file bytes as a
    /// vector of bytes, or images from <c>LoadImages</c>), and returns a <see cref="PneumoniaTransformer"/> that appends
    /// <c>Score</c>, <c>Probability</c> and <c>PredictedLabel</c>.
    /// </summary>
    /// <param name="catalog">ML.NET's binary-classification trainers.</param>
    /// <param name="options">How to train, as for <see cref="PneumoniaClassifier.Train"/>; null for the defaults. Validated now and again at <c>Fit</c>.</param>
    /// <param name="labelColumnName">The Boolean label column. Default: "Label".</param>
    /// <param name="imageColumnName">The image column. Default: "Image".</param>
    /// <param name="progress">Receives a report after every batch and every epoch of each <c>Fit</c>.</param>
    /// <param name="cancellationToken">Stops a <c>Fit</c> before its next batch (it then throws <see cref="OperationCanceledException"/>).</param>
    /// <example>
    /// <code>
    /// var mlContext = new MLContext(seed: 0);
    /// IDataView data = mlContext.Data.LoadFromEnumerable(images); // rows with a bool Label and a string ImagePath
    /// var pipeline = mlContext.BinaryClassification.Trainers.Pneumonia(new PneumoniaTrainingOptions { Epochs = 5 }, imageColumnName: "ImagePath");
    /// ITransformer model = pipeline.Fit(data);
    /// CalibratedBinaryClassificationMetrics metrics = mlContext.BinaryClassification.Evaluate(model.Transform(testData));
    /// mlContext.Model.Save(model, data.Schema, "pneumonia.zip");
    /// </code>
    /// </example>
    public static PneumoniaEstimator Pneumonia(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog,
        PneumoniaTrainingOptions? options = null, string labelColumnName = "Label", string imageColumnName = "Image",
        IProgress<PneumoniaTrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentException.ThrowIfNullOrWhiteSpace(labelColumnName);
        ArgumentException.ThrowIfNullOrWhiteSpace(imageColumnName);
        options ??= new PneumoniaTrainingOptions();
        options.Validate();
        return new PneumoniaEstimator(options, labelColumnName, imageColumnName, progress, cancellationToken);
    }
}
