namespace Pneumonia.ML;

/// <summary>
/// One class against the rest (<see cref="PneumoniaMulticlassMetrics.PerClass"/>): a call is "this class" when it is
/// the class of highest probability; the AUC ranks the images by the probability of this class.
/// </summary>
public sealed record PneumoniaClassMetrics
{
    internal PneumoniaClassMetrics(int classIndex, string className, int count, int predictedCount, PneumoniaInterval sensitivity,
        PneumoniaInterval specificity, PneumoniaInterval precision, PneumoniaInterval auc, double logLoss)
    {
        ClassIndex = classIndex;
        ClassName = className;
        Count = count;
        PredictedCount = predictedCount;
        Sensitivity = sensitivity;
        Specificity = specificity;
        Precision = precision;
        Auc = auc;
        LogLoss = logLoss;
    }

    /// <summary>The class's index in <see cref="PneumoniaMulticlassMetrics.Classes"/>.</summary>
    public int ClassIndex { get; }

    /// <summary>The class's name, for display.</summary>
    public string ClassName { get; }

    /// <summary>Images of this class.</summary>
    public int Count { get; }

    /// <summary>Images predicted as this class.</summary>
    public int PredictedCount { get; }

    /// <summary>Share of this class's images predicted as it (recall), with its confidence interval.</summary>
    public PneumoniaInterval Sensitivity { get; }

    /// <summary>Share of the other images not predicted as this class, with its confidence interval.</summary>
    public PneumoniaInterval Specificity { get; }

    /// <summary>Share of the images predicted as this class that are of it, with its confidence interval.</summary>
    public PneumoniaInterval Precision { get; }

    /// <summary>One-vs-rest ROC AUC of this class's probability, with DeLong's interval; NaN when the class or the rest has no image.</summary>
    public PneumoniaInterval Auc { get; }

    /// <summary>Mean −ln P(this class) over its images (nats); NaN without images.</summary>
    public double LogLoss { get; }
}
