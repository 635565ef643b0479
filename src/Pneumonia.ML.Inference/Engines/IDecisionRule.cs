using Pneumonia.ML.InputCheck;

namespace Pneumonia.ML.Engines;

/// <summary>
/// What a model says about turning its network's scores into answers: the calibration, the threshold, the input check's
/// statistics and a softmax model's classes. A full model's metadata and an inference model both are one.
/// </summary>
internal interface IDecisionRule
{
    /// <summary>The calibrated probability of pneumonia for a logit.</summary>
    float Probability(float logit);

    /// <summary>Probability at or above which an image is called pneumonia.</summary>
    double Threshold { get; }

    /// <summary>The training X-rays' feature statistics; null for the image checks only.</summary>
    FeatureStatistics? InputCheck { get; }

    /// <summary>A softmax model's class names in index order; null for the binary model.</summary>
    IReadOnlyList<string>? Classes { get; }
}
