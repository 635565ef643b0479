namespace Pneumonia.ML;

/// <summary>How the decision threshold is chosen.</summary>
public enum PneumoniaThresholdSelection
{
    /// <summary>Use <see cref="PneumoniaTrainingOptions.Threshold"/>.</summary>
    Fixed,

    /// <summary>
    /// On the held-out predictions, the threshold that maximises sensitivity + specificity (Youden's J); among equal
    /// cuts, the one nearest 0.5. On well-separated validation scores this can sit right next to an error of one class.
    /// </summary>
    MaximiseYouden,

    /// <summary>
    /// On the held-out predictions, the centre (in log-odds) of the unbroken run of thresholds around the best one
    /// (the lowest, if several tie) whose Youden's J stays within 0.005 of the best: as far as the data allow from both
    /// classes' nearest errors, so new images that shift a little do not cross it.
    /// </summary>
    CentreOfYoudenPlateau,
}
