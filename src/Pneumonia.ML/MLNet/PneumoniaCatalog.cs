using System.Diagnostics.CodeAnalysis;
using Microsoft.ML;
using Pneumonia.ML.MLNet;

namespace Pneumonia.ML;

/// <summary>The pneumonia classifier's entries on ML.NET's catalogs.</summary>
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
    [SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters",
        Justification = "The two overloads extend different ML.NET catalogs (binary and multiclass), so no call can be ambiguous between them.")]
    public static PneumoniaEstimator Pneumonia(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog,
        PneumoniaTrainingOptions? options = null, string labelColumnName = "Label", string imageColumnName = "Image",
        IProgress<PneumoniaTrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new PneumoniaEstimator(TrainerSettings.Create(options, labelColumnName, imageColumnName, progress, cancellationToken));
    }

    /// <summary>
    /// A trainer of multi-class chest X-ray classifiers (for example NORMAL, BACTERIAL and VIRAL) for an ML.NET
    /// pipeline: <c>mlContext.MulticlassClassification.Trainers.Pneumonia(options)</c>. As ML.NET's multiclass trainers
    /// do, its <see cref="PneumoniaMulticlassEstimator.Fit"/> reads a key label column (<c>MapValueToKey</c> of the
    /// class names; its key values are the classes) and an image column (file paths as text, file bytes as a vector of
    /// bytes, or images from <c>LoadImages</c>), trains a softmax model, and returns a
    /// <see cref="PneumoniaMulticlassTransformer"/> that appends <c>Score</c> (one probability per class, in key order)
    /// and <c>PredictedLabel</c> (the same key).
    /// </summary>
    /// <param name="catalog">ML.NET's multiclass-classification trainers.</param>
    /// <param name="options">How to train, as for <see cref="PneumoniaClassifier.Train"/>; null for the defaults. Its
    /// <see cref="PneumoniaTrainingOptions.Classes"/> stays at the default: the label column gives the classes. Validated now and again at <c>Fit</c>.</param>
    /// <param name="labelColumnName">The key label column. Default: "Label".</param>
    /// <param name="imageColumnName">The image column. Default: "Image".</param>
    /// <param name="progress">Receives a report after every batch and every epoch of each <c>Fit</c>.</param>
    /// <param name="cancellationToken">Stops a <c>Fit</c> before its next batch (it then throws <see cref="OperationCanceledException"/>).</param>
    /// <exception cref="ArgumentException">The options set <see cref="PneumoniaTrainingOptions.Classes"/>, or a column name is empty.</exception>
    /// <example>
    /// <code>
    /// var mlContext = new MLContext(seed: 0);
    /// IDataView data = mlContext.Data.LoadFromEnumerable(images); // rows with a string Label ("NORMAL", "BACTERIAL", "VIRAL") and a string ImagePath
    /// var pipeline = mlContext.Transforms.Conversion.MapValueToKey("Label")
    ///     .Append(mlContext.MulticlassClassification.Trainers.Pneumonia(new PneumoniaTrainingOptions { Epochs = 5 }, imageColumnName: "ImagePath"))
    ///     .Append(mlContext.Transforms.Conversion.MapKeyToValue("PredictedClass", "PredictedLabel"));
    /// ITransformer model = pipeline.Fit(data);
    /// MulticlassClassificationMetrics metrics = mlContext.MulticlassClassification.Evaluate(model.Transform(testData));
    /// mlContext.Model.Save(model, data.Schema, "three-class.zip");
    /// </code>
    /// </example>
    [SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters",
        Justification = "The two overloads extend different ML.NET catalogs (binary and multiclass), so no call can be ambiguous between them.")]
    public static PneumoniaMulticlassEstimator Pneumonia(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog,
        PneumoniaTrainingOptions? options = null, string labelColumnName = "Label", string imageColumnName = "Image",
        IProgress<PneumoniaTrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        TrainerSettings settings = TrainerSettings.Create(options, labelColumnName, imageColumnName, progress, cancellationToken);
        PneumoniaMulticlassEstimator.RequireClassesFromColumn(settings.Options);
        return new PneumoniaMulticlassEstimator(settings);
    }
}
