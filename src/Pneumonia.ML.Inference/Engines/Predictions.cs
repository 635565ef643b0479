using Pneumonia.ML.Data;
using Pneumonia.ML.Evaluation;
using Pneumonia.ML.InputCheck;

namespace Pneumonia.ML.Engines;

/// <summary>
/// Turns an engine's scores into answers, the same way for <c>PneumoniaClassifier</c> and <see cref="PneumoniaPredictor"/>:
/// the calibrated probability, the label at the threshold, and the input check.
/// </summary>
internal static class Predictions
{
    /// <param name="images">The decoded images (their original sizes feed the input check).</param>
    /// <param name="scores">The engine's logits and pooled features for them, in order.</param>
    /// <param name="probability">The model's calibration: logit → probability of pneumonia.</param>
    /// <param name="threshold">Probability at or above which an image is called pneumonia.</param>
    /// <param name="statistics">The training feature statistics; null for the image checks only.</param>
    /// <param name="classes">A softmax model's classes (its scores then carry class logits): each prediction gets the most
    /// probable class and every class's probability. Null for the binary model (classes NORMAL and PNEUMONIA, (1 − p, p)).</param>
    public static PneumoniaPrediction[] From(DecodedImages images, EngineScores scores, Func<float, float> probability, double threshold,
        FeatureStatistics? statistics, IReadOnlyList<string>? classes = null)
    {
        var predictions = new PneumoniaPrediction[images.Count];
        for (int i = 0; i < predictions.Length; i++)
        {
            (int width, int height) = images.OriginalSizes?[i] ?? (0, 0);
            float p = probability(scores.Logits[i]);
            predictions[i] = new PneumoniaPrediction(p >= threshold ? ImageFolder.PneumoniaClass : ImageFolder.NormalClass, p, threshold,
                InputChecker.Check(images.Pixels[i], width, height, scores.Features[i], statistics));
            if (classes is not null && scores.ClassLogits?[i] is { } classLogits)
            {
                float[] classProbabilities = MulticlassMetricsCalculator.Softmax(classLogits);
                predictions[i] = predictions[i] with
                {
                    ClassIndex = MulticlassMetricsCalculator.ArgMax(classProbabilities), Classes = classes, ClassProbabilities = classProbabilities,
                };
            }
        }
        return predictions;
    }

    /// <summary>How a model's threshold was chosen, for evaluations: fixed when it was trained, never tuned on evaluated images.</summary>
    public static string ThresholdOrigin(string thresholdChoice) =>
        $"It was set when the model was trained ({thresholdChoice}), before any evaluated image was seen; it was not tuned on them.";
}
