namespace Pneumonia.ML;

/// <summary>
/// How well a classifier separates pneumonia (the positive class) from normal X-rays on a set of images.
/// Ratios whose denominator is zero (say, precision when nothing was called pneumonia) are <see cref="double.NaN"/>.
/// </summary>
public sealed record PneumoniaMetrics
{
    internal PneumoniaMetrics(int count, double accuracy, double sensitivity, double specificity, double precision, double negativePredictiveValue, double f1, double auc, double logLoss, double threshold, PneumoniaConfusionMatrix confusionMatrix)
    {
        Count = count;
        Accuracy = accuracy;
        Sensitivity = sensitivity;
        Specificity = specificity;
        Precision = precision;
        NegativePredictiveValue = negativePredictiveValue;
        F1 = f1;
        Auc = auc;
        LogLoss = logLoss;
        Threshold = threshold;
        ConfusionMatrix = confusionMatrix;
    }

    /// <summary>Number of images scored.</summary>
    public int Count { get; }

    /// <summary>Share of images labelled correctly at <see cref="Threshold"/>.</summary>
    public double Accuracy { get; }

    /// <summary>Recall of pneumonia: TP / (TP + FN).</summary>
    public double Sensitivity { get; }

    /// <summary>Recall of normal: TN / (TN + FP).</summary>
    public double Specificity { get; }

    /// <summary>Positive predictive value: TP / (TP + FP).</summary>
    public double Precision { get; }

    /// <summary>TN / (TN + FN).</summary>
    public double NegativePredictiveValue { get; }

    /// <summary>Harmonic mean of precision and sensitivity.</summary>
    public double F1 { get; }

    /// <summary>Area under the ROC curve (threshold-free; ties count one half).</summary>
    public double Auc { get; }

    /// <summary>Mean binary cross-entropy of the probabilities, in nats (probabilities clipped to [1e-15, 1 − 1e-15]).</summary>
    public double LogLoss { get; }

    /// <summary>Probability at or above which an image is called pneumonia.</summary>
    public double Threshold { get; }

    /// <summary>The four counts behind the ratios.</summary>
    public PneumoniaConfusionMatrix ConfusionMatrix { get; }
}
