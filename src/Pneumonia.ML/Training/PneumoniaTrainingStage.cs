namespace Pneumonia.ML;

/// <summary>The kind of a <see cref="PneumoniaTrainingProgress"/> report.</summary>
public enum PneumoniaTrainingStage
{
    /// <summary>A batch has been trained on.</summary>
    Batch,

    /// <summary>An epoch has ended; validation figures are filled in.</summary>
    Epoch,
}
