using Microsoft.ML.Data;
using Pneumonia.ML.MLNet;

namespace Pneumonia.ML;

public sealed partial class PneumoniaClassifier
{
    /// <summary>
    /// This classifier as an ML.NET transformer, to score X-rays in a pipeline without training: it appends
    /// <c>Score</c>, <c>Probability</c> and <c>PredictedLabel</c> to data with an image column (see
    /// <see cref="PneumoniaTransformer"/>). The transformer uses this classifier and does not own it: keep the
    /// classifier alive while the transformer is used, and dispose it yourself.
    /// </summary>
    /// <param name="imageColumnName">The column holding the X-rays (file paths, file bytes, or images from <c>LoadImages</c>). Default: "Image".</param>
    public PneumoniaTransformer AsTransformer(string imageColumnName = "Image")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(imageColumnName);
        return WhileAlive(() => new PneumoniaTransformer(this, imageColumnName, ownsClassifier: false));
    }

    /// <summary>The calibrated probability of pneumonia of one image file.</summary>
    internal float ProbabilityOfFile(string path) =>
        WhileAlive(() => Probability(Preprocessor.DecodeFile(path)));

    /// <summary>The calibrated probability of pneumonia of one image file's bytes.</summary>
    internal float ProbabilityOf(byte[] encoded, string source) =>
        WhileAlive(() => Probability(Preprocessor.Decode(encoded, source)));

    /// <summary>The calibrated probability of pneumonia of one image ML.NET has decoded.</summary>
    internal float ProbabilityOf(MLImage image, string source) =>
        WhileAlive(() => Probability(Preprocessor.DecodeMLImage(image, source)));

    /// <summary>The calibrated probability of pneumonia of one decoded image. Callers hold the lifetime lock.</summary>
    private float Probability(byte[] pixels) => _metadata.Probability(_pipeline.Engine.Score([pixels]).Logits[0]);
}
