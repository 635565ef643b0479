namespace Pneumonia.ML;

/// <summary>What a training run reports, after every batch and after every epoch.</summary>
public sealed record PneumoniaTrainingProgress
{
    internal PneumoniaTrainingProgress(PneumoniaTrainingStage stage, int epoch, int epochs, int batch, int batches, double loss, double accuracy, PneumoniaMetrics? validation, TimeSpan elapsed)
    {
        Stage = stage;
        Epoch = epoch;
        Epochs = epochs;
        Batch = batch;
        Batches = batches;
        Loss = loss;
        Accuracy = accuracy;
        Validation = validation;
        Elapsed = elapsed;
    }

    /// <summary>Which event this is.</summary>
    public PneumoniaTrainingStage Stage { get; }

    /// <summary>1-based epoch.</summary>
    public int Epoch { get; }

    /// <summary>Epochs planned.</summary>
    public int Epochs { get; }

    /// <summary>1-based batch within the epoch (the last batch number on an epoch report).</summary>
    public int Batch { get; }

    /// <summary>Batches per epoch.</summary>
    public int Batches { get; }

    /// <summary>Mean training loss over the epoch so far.</summary>
    public double Loss { get; }

    /// <summary>Training accuracy over the epoch so far, at a 0.5 threshold.</summary>
    public double Accuracy { get; }

    /// <summary>
    /// Validation metrics; only on epoch reports, and only when a validation split exists. In a cross-validation the held-out
    /// fold is scored after the last epoch only (it chooses nothing), so earlier epoch reports have none.
    /// </summary>
    public PneumoniaMetrics? Validation { get; }

    /// <summary>Time since training (of this fold, in cross-validation) started, decoding included.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>1-based fold being trained in <see cref="PneumoniaClassifier.CrossValidate"/>; 0 in <see cref="PneumoniaClassifier.Train"/>.</summary>
    public int Fold { get; init; }

    /// <summary>Folds planned in <see cref="PneumoniaClassifier.CrossValidate"/>; 0 in <see cref="PneumoniaClassifier.Train"/>.</summary>
    public int Folds { get; init; }
}
