namespace Pneumonia.ML;

/// <summary>
/// The threshold metrics and the ROC AUC, each with its confidence interval. Proportions use the method chosen in
/// <see cref="PneumoniaEvaluationOptions.ProportionInterval"/> (Wilson by default); F1 a bootstrap over patients;
/// the AUC DeLong's variance. Every interval treats images (or, for the bootstrap, patients) as independent.
/// </summary>
public sealed record PneumoniaMetricIntervals
{
    internal PneumoniaMetricIntervals(PneumoniaInterval accuracy, PneumoniaInterval sensitivity, PneumoniaInterval specificity, PneumoniaInterval precision, PneumoniaInterval negativePredictiveValue, PneumoniaInterval f1, PneumoniaInterval auc)
    {
        Accuracy = accuracy;
        Sensitivity = sensitivity;
        Specificity = specificity;
        Precision = precision;
        NegativePredictiveValue = negativePredictiveValue;
        F1 = f1;
        Auc = auc;
    }

    /// <summary>Share of images labelled correctly: a proportion of all images.</summary>
    public PneumoniaInterval Accuracy { get; }

    /// <summary>TP / (TP + FN): a proportion of the pneumonia images.</summary>
    public PneumoniaInterval Sensitivity { get; }

    /// <summary>TN / (TN + FP): a proportion of the normal images.</summary>
    public PneumoniaInterval Specificity { get; }

    /// <summary>Positive predictive value, TP / (TP + FP): a proportion of the images called pneumonia.</summary>
    public PneumoniaInterval Precision { get; }

    /// <summary>TN / (TN + FN): a proportion of the images called normal.</summary>
    public PneumoniaInterval NegativePredictiveValue { get; }

    /// <summary>
    /// Harmonic mean of precision and sensitivity; percentile interval of a stratified bootstrap that
    /// resamples patients (<see cref="PneumoniaEvaluationOptions.BootstrapResamples"/> resamples).
    /// </summary>
    public PneumoniaInterval F1 { get; }

    /// <summary>
    /// Area under the ROC curve; normal-approximation interval with DeLong, DeLong and
    /// Clarke-Pearson's (1988) variance, clipped to [0, 1].
    /// </summary>
    public PneumoniaInterval Auc { get; }
}
