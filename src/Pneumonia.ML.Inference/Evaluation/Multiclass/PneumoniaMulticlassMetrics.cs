namespace Pneumonia.ML;

/// <summary>
/// How well a classifier tells every class apart, in the shape of ML.NET's <c>MulticlassClassificationMetrics</c>
/// (micro and macro accuracy, log-loss and its reduction, per-class log-loss, an N×N confusion matrix), with each
/// class's sensitivity, specificity and one-vs-rest AUC and their confidence intervals
/// (<c>PneumoniaClassifier.EvaluateClasses</c>). The predicted class of an image is the one of highest probability.
/// </summary>
public sealed record PneumoniaMulticlassMetrics
{
    internal PneumoniaMulticlassMetrics(IReadOnlyList<string> classes, int count, double microAccuracy, PneumoniaInterval microAccuracyInterval,
        double macroAccuracy, double logLoss, double logLossReduction, IReadOnlyList<double> perClassLogLoss,
        PneumoniaMulticlassConfusionMatrix confusionMatrix, IReadOnlyList<PneumoniaClassMetrics> perClass, double confidenceLevel)
    {
        Classes = classes;
        Count = count;
        MicroAccuracy = microAccuracy;
        MicroAccuracyInterval = microAccuracyInterval;
        MacroAccuracy = macroAccuracy;
        LogLoss = logLoss;
        LogLossReduction = logLossReduction;
        PerClassLogLoss = perClassLogLoss;
        ConfusionMatrix = confusionMatrix;
        PerClass = perClass;
        ConfidenceLevel = confidenceLevel;
    }

    /// <summary>The class names, in index order (the model's <c>Classes</c>).</summary>
    public IReadOnlyList<string> Classes { get; }

    /// <summary>Number of images evaluated.</summary>
    public int Count { get; }

    /// <summary>Share of images whose predicted class is their class (ML.NET's <c>MicroAccuracy</c>).</summary>
    public double MicroAccuracy { get; }

    /// <summary><see cref="MicroAccuracy"/> with its confidence interval (the proportion interval of the evaluation options).</summary>
    public PneumoniaInterval MicroAccuracyInterval { get; }

    /// <summary>The mean over the classes present of each class's accuracy (its sensitivity; ML.NET's <c>MacroAccuracy</c>).</summary>
    public double MacroAccuracy { get; }

    /// <summary>Mean of −ln P(true class), probabilities clipped to [1e-15, 1 − 1e-15]; in nats, as ML.NET's multi-class <c>LogLoss</c>.</summary>
    public double LogLoss { get; }

    /// <summary>1 − <see cref="LogLoss"/> / the log-loss of always answering the evaluated class frequencies (ML.NET's <c>LogLossReduction</c>).</summary>
    public double LogLossReduction { get; }

    /// <summary>The log-loss of the images of each class, in class order; NaN for a class without images.</summary>
    public IReadOnlyList<double> PerClassLogLoss { get; }

    /// <summary>Counts of actual (rows) by predicted (columns) class.</summary>
    public PneumoniaMulticlassConfusionMatrix ConfusionMatrix { get; }

    /// <summary>Each class against the rest, in class order.</summary>
    public IReadOnlyList<PneumoniaClassMetrics> PerClass { get; }

    /// <summary>The level of the confidence intervals (0.95 unless the evaluation options said otherwise).</summary>
    public double ConfidenceLevel { get; }
}
