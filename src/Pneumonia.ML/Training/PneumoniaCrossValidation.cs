namespace Pneumonia.ML;

/// <summary>
/// What <see cref="PneumoniaClassifier.CrossValidate"/> found: the out-of-fold evaluation (every training image scored
/// by a network that never saw its patient), and the fold networks. Dispose it to free the fold networks.
/// </summary>
/// <remarks>
/// The out-of-fold figures are the honest estimate of how the recipe does on new patients of the same hospital.
/// Other hospitals' images differ (scanner, exposure, processing, population), and figures there are usually lower.
/// </remarks>
public sealed class PneumoniaCrossValidation : IDisposable
{
    internal PneumoniaCrossValidation(IReadOnlyList<PneumoniaClassifier> foldClassifiers, IReadOnlyList<int> imageFolds,
        PneumoniaEvaluation outOfFold)
    {
        FoldClassifiers = foldClassifiers;
        ImageFolds = imageFolds;
        OutOfFold = outOfFold;
    }

    /// <summary>Number of folds.</summary>
    public int FoldCount => FoldClassifiers.Count;

    /// <summary>
    /// The network of fold k (index k − 1), trained on every fold but k. Each answers at the threshold chosen on the
    /// out-of-fold predictions (<see cref="PneumoniaEvaluation.ThresholdOrigin"/> of <see cref="OutOfFold"/>); its
    /// <see cref="PneumoniaClassifier.ValidationMetrics"/> are those of its own held-out fold at that threshold.
    /// </summary>
    public IReadOnlyList<PneumoniaClassifier> FoldClassifiers { get; }

    /// <summary>The 1-based fold of each image of <see cref="OutOfFold"/>'s <see cref="PneumoniaEvaluation.Images"/>, in the same order.</summary>
    public IReadOnlyList<int> ImageFolds { get; }

    /// <summary>
    /// The out-of-fold predictions of every training image, with metrics, 95% intervals, curves and calibration. The
    /// threshold is chosen on these same predictions, so the threshold-bound figures (accuracy, sensitivity,
    /// specificity, …) lean slightly optimistic; AUC, log-loss, Brier score and calibration do not depend on it.
    /// </summary>
    public PneumoniaEvaluation OutOfFold { get; }

    /// <summary>Frees the fold networks.</summary>
    public void Dispose()
    {
        foreach (PneumoniaClassifier classifier in FoldClassifiers) classifier.Dispose();
    }
}
