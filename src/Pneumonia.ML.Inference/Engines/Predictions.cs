using Pneumonia.ML.Data;
using Pneumonia.ML.Evaluation;
using Pneumonia.ML.InputCheck;

namespace Pneumonia.ML.Engines;

/// <summary>
/// Turns an engine's scores into answers, the same way for <c>PneumoniaClassifier</c> and <see cref="PneumoniaPredictor"/>:
/// the calibrated probability, the label at the threshold, every class's probability, and the input check.
/// </summary>
internal static class Predictions
{
    /// <param name="images">The decoded images (their original sizes feed the input check).</param>
    /// <param name="scores">The engine's logits, class logits and pooled features for them, in order.</param>
    /// <param name="rule">The model's calibration, threshold, input-check statistics and classes.</param>
    public static PneumoniaPrediction[] From(DecodedImages images, EngineScores scores, IDecisionRule rule)
    {
        var predictions = new PneumoniaPrediction[images.Count];
        for (int i = 0; i < predictions.Length; i++)
        {
            (int width, int height) = images.OriginalSizes?[i] ?? (0, 0);
            float p = rule.Probability(scores.Logits[i]);
            predictions[i] = new PneumoniaPrediction(p >= rule.Threshold ? ImageFolder.PneumoniaClass : ImageFolder.NormalClass, p, rule.Threshold,
                InputChecker.Check(images.Pixels[i], width, height, scores.Features[i], rule.InputCheck));
            if (rule.Classes is { } classes && scores.ClassLogits?[i] is { } classLogits)
            {
                (int classIndex, float[] classProbabilities) = ClassesOf(rule, p, classLogits);
                predictions[i] = predictions[i] with { ClassIndex = classIndex, Classes = classes, ClassProbabilities = classProbabilities };
            }
        }
        return predictions;
    }

    /// <summary>
    /// The class index and every class's probability for one image: a softmax model's argmax and softmax of its class
    /// logits; for the binary model (or without class logits), pneumonia at the threshold and (1 − p, p).
    /// </summary>
    public static (int ClassIndex, float[] Probabilities) ClassesOf(IDecisionRule rule, float probability, float[]? classLogits)
    {
        if (classLogits is null || rule.Classes is null)
            return (probability >= rule.Threshold ? 1 : 0, [1 - probability, probability]);
        float[] probabilities = MulticlassMetricsCalculator.Softmax(classLogits);
        return (MulticlassMetricsCalculator.ArgMax(probabilities), probabilities);
    }

    /// <summary>How a model's threshold was chosen, for evaluations: fixed when it was trained, never tuned on evaluated images.</summary>
    public static string EvaluationThresholdNote(PneumoniaThresholdOrigin origin) =>
        $"It was set when the model was trained ({origin}), before any evaluated image was seen; it was not tuned on them.";
}
