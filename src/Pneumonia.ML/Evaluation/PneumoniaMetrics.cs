namespace Pneumonia.ML;

/// <summary>
/// How well a classifier separates pneumonia (the positive class) from normal X-rays on a set of images.
/// Ratios whose denominator is zero (say, precision when nothing was called pneumonia) are <see cref="double.NaN"/>.
/// </summary>
/// <param name="Count">Number of images scored.</param>
/// <param name="Accuracy">Share of images labelled correctly at <paramref name="Threshold"/>.</param>
/// <param name="Sensitivity">Recall of pneumonia: TP / (TP + FN).</param>
/// <param name="Specificity">Recall of normal: TN / (TN + FP).</param>
/// <param name="Precision">Positive predictive value: TP / (TP + FP).</param>
/// <param name="NegativePredictiveValue">TN / (TN + FN).</param>
/// <param name="F1">Harmonic mean of precision and sensitivity.</param>
/// <param name="Auc">Area under the ROC curve (threshold-free; ties count one half).</param>
/// <param name="LogLoss">Mean binary cross-entropy of the probabilities, in nats (probabilities clipped to [1e-15, 1 − 1e-15]).</param>
/// <param name="Threshold">Probability at or above which an image is called pneumonia.</param>
/// <param name="ConfusionMatrix">The four counts behind the ratios.</param>
public sealed record PneumoniaMetrics(
    int Count,
    double Accuracy,
    double Sensitivity,
    double Specificity,
    double Precision,
    double NegativePredictiveValue,
    double F1,
    double Auc,
    double LogLoss,
    double Threshold,
    PneumoniaConfusionMatrix ConfusionMatrix);

/// <summary>Counts of a binary decision, pneumonia being the positive class.</summary>
/// <param name="TruePositives">Pneumonia called pneumonia.</param>
/// <param name="FalsePositives">Normal called pneumonia.</param>
/// <param name="TrueNegatives">Normal called normal.</param>
/// <param name="FalseNegatives">Pneumonia called normal.</param>
public sealed record PneumoniaConfusionMatrix(int TruePositives, int FalsePositives, int TrueNegatives, int FalseNegatives);
