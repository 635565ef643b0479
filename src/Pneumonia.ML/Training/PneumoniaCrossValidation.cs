namespace Pneumonia.ML;

/// <summary>
/// What <see cref="PneumoniaClassifier.CrossValidate"/> found: the out-of-fold evaluation (every training image scored
/// by a network that never saw its patient), the calibration fitted on it, the fold networks and their ensemble.
/// Dispose it to free the networks.
/// </summary>
/// <remarks>
/// The out-of-fold figures are the honest estimate of how the recipe does on new patients of the same hospital.
/// Other hospitals' images differ (scanner, exposure, processing, population), and figures there are usually lower.
/// </remarks>
public sealed class PneumoniaCrossValidation : IDisposable
{
    internal PneumoniaCrossValidation(IReadOnlyList<PneumoniaClassifier> foldClassifiers, PneumoniaClassifier ensemble,
        IReadOnlyList<int> imageFolds, PneumoniaEvaluation outOfFold, double calibrationSlope, double calibrationIntercept,
        IReadOnlyList<Data.ImageRecord> records, PneumoniaTrainingOptions options)
    {
        Records = records;
        Options = options;
        FoldClassifiers = foldClassifiers;
        Ensemble = ensemble;
        ImageFolds = imageFolds;
        OutOfFold = outOfFold;
        CalibrationSlope = calibrationSlope;
        CalibrationIntercept = calibrationIntercept;
    }

    /// <summary>
    /// The fold networks as one classifier: the mean of their logits, calibrated and thresholded as on the out-of-fold
    /// predictions. It saves, loads, evaluates, explains (Grad-CAM over all the networks) and exports like any other.
    /// Its <see cref="PneumoniaClassifier.TrainingHistory"/> is the first fold's (every fold trains the same schedule).
    /// Its <see cref="PneumoniaClassifier.ValidationMetrics"/> are the out-of-fold metrics of <see cref="OutOfFold"/>:
    /// no image is left that none of its networks trained on, so an ensemble of k networks is expected to do at
    /// least as well as those figures, not measured to.
    /// </summary>
    public PneumoniaClassifier Ensemble { get; }

    /// <summary>Platt scaling fitted on the out-of-fold logits: probability = σ(slope · logit + intercept).</summary>
    public double CalibrationSlope { get; }

    /// <summary>See <see cref="CalibrationSlope"/>.</summary>
    public double CalibrationIntercept { get; }

    /// <summary>Number of folds.</summary>
    public int FoldCount => FoldClassifiers.Count;

    /// <summary>
    /// The network of fold k (index k − 1), trained on every fold but k. Each answers with the calibration and at the
    /// threshold chosen on the out-of-fold predictions (<see cref="PneumoniaEvaluation.ThresholdOrigin"/> of <see cref="OutOfFold"/>)
    /// and holds the same <see cref="PneumoniaClassifier.OperatingPoints"/> as <see cref="Ensemble"/>; its
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

    /// <summary>The images the folds were dealt from.</summary>
    internal IReadOnlyList<Data.ImageRecord> Records { get; }

    /// <summary>The recipe every fold trained with (a copy).</summary>
    internal PneumoniaTrainingOptions Options { get; }

    /// <summary>
    /// Trains the cross-validated recipe once more, on every patient of the folder, and gives the network the
    /// calibration, threshold and operating points chosen on the out-of-fold predictions. This is the usual last step
    /// after a cross-validation (ML.NET users cross-validate, then <c>Fit</c> on all the data): one network, as fast
    /// as any single model, trained on all the data, whose decision rule was chosen on predictions for patients its
    /// recipe had not seen.
    /// </summary>
    /// <remarks>
    /// No image is left to measure this network with: its <see cref="PneumoniaClassifier.ValidationMetrics"/> are the
    /// recipe's out-of-fold metrics (<see cref="OutOfFold"/>), an estimate for it, not a measurement of it. It trains
    /// on 1/k more images than each fold network, with the same number of epochs. A
    /// <see cref="PneumoniaTrainingOptions.CheckpointPath"/> of the recipe gets the suffix <c>.all</c>.
    /// </remarks>
    /// <param name="progress">Every report of the training, as for <see cref="PneumoniaClassifier.Train"/>.</param>
    /// <param name="cancellationToken">Stops training before the next batch; the method then throws <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="InvalidImageException">An image cannot be decoded; the exception names it.</exception>
    public PneumoniaClassifier TrainOnAllPatients(IProgress<PneumoniaTrainingProgress>? progress = null,
        CancellationToken cancellationToken = default) =>
        PneumoniaClassifier.TrainOnAllPatients(this, progress, cancellationToken);

    /// <summary>Frees the fold networks and the ensemble.</summary>
    public void Dispose()
    {
        foreach (PneumoniaClassifier classifier in FoldClassifiers) classifier.Dispose();
        Ensemble.Dispose();
    }
}
