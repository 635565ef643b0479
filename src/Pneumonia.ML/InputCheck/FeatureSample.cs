using Pneumonia.ML.Engines;
using Pneumonia.ML.Models;
using Pneumonia.ML.Quantization;
using static TorchSharp.torch;

namespace Pneumonia.ML.InputCheck;

/// <summary>
/// The pooled features and logits of training X-rays (and of held-out ones, which the network never trained on), kept
/// after training so that the classifier, once it knows its calibration and threshold, can fit its
/// <see cref="FeatureStatistics"/>. A few megabytes, instead of the decoded images.
/// </summary>
/// <param name="Training">Scores of up to <see cref="MaximumTrainingImages"/> training images.</param>
/// <param name="HeldOut">Scores of up to <see cref="MaximumHeldOutImages"/> held-out images; null when there are none.</param>
internal sealed record FeatureSample(EngineScores Training, EngineScores? HeldOut)
{
    /// <summary>Training images measured at most (spread evenly over the list): enough for 512 features' covariance.</summary>
    public const int MaximumTrainingImages = 2048;

    /// <summary>Held-out images measured at most.</summary>
    public const int MaximumHeldOutImages = 1024;

    /// <summary>Measures a module in eval mode (channels-last weights) on decoded images.</summary>
    public static FeatureSample Measure(nn.Module<Tensor, Tensor> module, int imageSize, IReadOnlyList<byte[]> training,
        IReadOnlyList<byte[]>? heldOut, CancellationToken cancellationToken = default)
    {
        EngineScores trainingScores = TorchNetwork.Score(module, imageSize, OnnxCalibration.Spread(training, MaximumTrainingImages), cancellationToken);
        EngineScores? heldOutScores = heldOut is { Count: > 0 }
            ? TorchNetwork.Score(module, imageSize, OnnxCalibration.Spread(heldOut, MaximumHeldOutImages), cancellationToken)
            : null;
        return new FeatureSample(trainingScores, heldOutScores);
    }
}
