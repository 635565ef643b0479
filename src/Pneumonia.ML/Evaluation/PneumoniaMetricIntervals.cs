namespace Pneumonia.ML;

/// <summary>
/// The threshold metrics and the ROC AUC, each with its confidence interval. Proportions use the method chosen in
/// <see cref="PneumoniaEvaluationOptions.ProportionInterval"/> (Wilson by default); F1 a bootstrap over patients;
/// the AUC DeLong's variance. Every interval treats images (or, for the bootstrap, patients) as independent.
/// </summary>
/// <param name="Accuracy">Share of images labelled correctly: a proportion of all images.</param>
/// <param name="Sensitivity">TP / (TP + FN): a proportion of the pneumonia images.</param>
/// <param name="Specificity">TN / (TN + FP): a proportion of the normal images.</param>
/// <param name="Precision">Positive predictive value, TP / (TP + FP): a proportion of the images called pneumonia.</param>
/// <param name="NegativePredictiveValue">TN / (TN + FN): a proportion of the images called normal.</param>
/// <param name="F1">Harmonic mean of precision and sensitivity; percentile interval of a stratified bootstrap that
/// resamples patients (<see cref="PneumoniaEvaluationOptions.BootstrapResamples"/> resamples).</param>
/// <param name="Auc">Area under the ROC curve; normal-approximation interval with DeLong, DeLong and
/// Clarke-Pearson's (1988) variance, clipped to [0, 1].</param>
public sealed record PneumoniaMetricIntervals(
    PneumoniaInterval Accuracy,
    PneumoniaInterval Sensitivity,
    PneumoniaInterval Specificity,
    PneumoniaInterval Precision,
    PneumoniaInterval NegativePredictiveValue,
    PneumoniaInterval F1,
    PneumoniaInterval Auc);
