namespace Pneumonia.ML;

/// <summary>Which predictions a model's decision threshold was chosen on (<see cref="PneumoniaThresholdOrigin.Source"/>).</summary>
public enum PneumoniaThresholdSource
{
    /// <summary>None: the threshold was fixed, or the model file predates recorded origins.</summary>
    None = 0,

    /// <summary>The network's own validation split: patients held out of its training.</summary>
    ValidationSplit = 1,

    /// <summary>
    /// The Platt-calibrated out-of-fold predictions of a patient-level cross-validation: every training image scored by
    /// the fold network that did not train on its patient.
    /// </summary>
    OutOfFoldPredictions = 2,
}
