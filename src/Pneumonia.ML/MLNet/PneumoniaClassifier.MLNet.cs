using Microsoft.ML.Data;
using Pneumonia.ML.Engines;
using Pneumonia.ML.MLNet;

namespace Pneumonia.ML;

public sealed partial class PneumoniaClassifier
{
    /// <summary>
    /// This classifier as an ML.NET binary-classification transformer, to score X-rays in a pipeline without training:
    /// it appends <c>Score</c>, <c>Probability</c> and <c>PredictedLabel</c> to data with an image column (see
    /// <see cref="PneumoniaTransformer"/>). The transformer uses this classifier and does not own it: keep the
    /// classifier alive while the transformer is used, and dispose it yourself.
    /// </summary>
    /// <param name="imageColumnName">The column holding the X-rays (file paths, file bytes, or images from <c>LoadImages</c>). Default: "Image".</param>
    /// <exception cref="InvalidOperationException">The classifier is multi-class (<see cref="IsMulticlass"/>): use <see cref="AsMulticlassTransformer"/>.</exception>
    public PneumoniaTransformer AsTransformer(string imageColumnName = "Image")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(imageColumnName);
        return WhileAlive(() => new PneumoniaTransformer(this, imageColumnName, ownsClassifier: false));
    }

    /// <summary>
    /// This multi-class classifier as an ML.NET multiclass-classification transformer, to score X-rays in a pipeline
    /// without training: it appends <c>Score</c> (one probability per class) and <c>PredictedLabel</c> (a key whose
    /// values are the class names) in the order of <see cref="Classes"/> (see <see cref="PneumoniaMulticlassTransformer"/>).
    /// To evaluate it, map the label column to a key of the same order:
    /// <c>MapValueToKey("Label", keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue)</c> for names
    /// sorted as <see cref="Classes"/> are. The transformer uses this classifier and does not own it.
    /// </summary>
    /// <param name="imageColumnName">The column holding the X-rays (file paths, file bytes, or images from <c>LoadImages</c>). Default: "Image".</param>
    /// <exception cref="InvalidOperationException">The classifier is binary (not <see cref="IsMulticlass"/>): use <see cref="AsTransformer"/>.</exception>
    public PneumoniaMulticlassTransformer AsMulticlassTransformer(string imageColumnName = "Image")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(imageColumnName);
        return WhileAlive(() => new PneumoniaMulticlassTransformer(this, imageColumnName, Classes, ownsClassifier: false));
    }

    /// <summary>The scores of one image file.</summary>
    internal ImageScores ScoresOfFile(string path) =>
        WhileAlive(() => ScoresOf(Preprocessor.DecodeFile(path)));

    /// <summary>The scores of one image file's bytes.</summary>
    internal ImageScores ScoresOf(byte[] encoded, string source) =>
        WhileAlive(() => ScoresOf(Preprocessor.Decode(encoded, source)));

    /// <summary>The scores of one image ML.NET has decoded.</summary>
    internal ImageScores ScoresOf(MLImage image, string source) =>
        WhileAlive(() => ScoresOf(Preprocessor.DecodeMLImage(image, source)));

    /// <summary>Runs the engine on one decoded image: the calibrated probability and every class's. Callers hold the lifetime lock.</summary>
    private ImageScores ScoresOf(byte[] pixels)
    {
        EngineScores scores = _pipeline.Engine.Score([pixels], CancellationToken.None);
        float probability = _metadata.Probability(scores.Logits[0]);
        (_, float[] classProbabilities) = Predictions.ClassesOf(_metadata, probability, scores.ClassLogits?[0]);
        return new ImageScores { Probability = probability, ClassProbabilities = classProbabilities };
    }
}
