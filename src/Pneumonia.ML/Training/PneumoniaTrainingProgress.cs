namespace Pneumonia.ML;

/// <summary>What a training run reports, after every batch and after every epoch.</summary>
/// <param name="Stage">Which event this is.</param>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="Epochs">Epochs planned.</param>
/// <param name="Batch">1-based batch within the epoch (the last batch number on an epoch report).</param>
/// <param name="Batches">Batches per epoch.</param>
/// <param name="Loss">Mean training loss over the epoch so far.</param>
/// <param name="Accuracy">Training accuracy over the epoch so far, at a 0.5 threshold.</param>
/// <param name="Validation">Validation metrics; only on epoch reports, and only when a validation split exists.</param>
/// <param name="Elapsed">Time since training (of this fold, in cross-validation) started, decoding included.</param>
public sealed record PneumoniaTrainingProgress(
    PneumoniaTrainingStage Stage,
    int Epoch,
    int Epochs,
    int Batch,
    int Batches,
    double Loss,
    double Accuracy,
    PneumoniaMetrics? Validation,
    TimeSpan Elapsed)
{
    /// <summary>1-based fold being trained in <see cref="PneumoniaClassifier.CrossValidate"/>; 0 in <see cref="PneumoniaClassifier.Train"/>.</summary>
    public int Fold { get; init; }

    /// <summary>Folds planned in <see cref="PneumoniaClassifier.CrossValidate"/>; 0 in <see cref="PneumoniaClassifier.Train"/>.</summary>
    public int Folds { get; init; }
}

/// <summary>The kind of a <see cref="PneumoniaTrainingProgress"/> report.</summary>
public enum PneumoniaTrainingStage
{
    /// <summary>A batch has been trained on.</summary>
    Batch,

    /// <summary>An epoch has ended; validation figures are filled in.</summary>
    Epoch,
}
