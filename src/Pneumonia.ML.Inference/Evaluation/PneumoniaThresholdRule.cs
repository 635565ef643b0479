namespace Pneumonia.ML;

/// <summary>The rule a model's decision threshold was chosen by (<see cref="PneumoniaThresholdOrigin.Rule"/>).</summary>
public enum PneumoniaThresholdRule
{
    /// <summary>The model file predates recorded origins: only <see cref="PneumoniaThresholdOrigin.Description"/> says how.</summary>
    Unrecorded = 0,

    /// <summary>A fixed value given before training (no held-out images were looked at).</summary>
    Fixed = 1,

    /// <summary>The single cut with the highest Youden's J (sensitivity + specificity − 1) on held-out predictions.</summary>
    MaximiseYouden = 2,

    /// <summary>The centre, in logit space, of the range of near-maximal Youden's J on held-out predictions.</summary>
    CentreOfYoudenPlateau = 3,

    /// <summary>
    /// The threshold with the best worst-case Youden's J over simulated site-like image shifts (contrast, windowing,
    /// collimation, compression, …) of the out-of-fold predictions: the shipped model's rule.
    /// </summary>
    BestWorstCaseYoudenUnderShifts = 4,
}
