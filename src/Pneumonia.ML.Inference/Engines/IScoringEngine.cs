namespace Pneumonia.ML.Engines;

/// <summary>
/// What runs a trained network on decoded images: TorchSharp (<c>TorchSharpEngine</c>) or ONNX Runtime
/// (<see cref="OnnxRuntimeEngine"/>, float or int8). A classifier chooses one when it is made and never branches on it
/// again. Implementations are safe to call from many threads at once.
/// </summary>
internal interface IScoringEngine : IDisposable
{
    /// <summary>
    /// The network's logit (log-odds of pneumonia, before any calibration) for each image, in order, and its pooled
    /// last-convolution features (the mean over an ensemble's members), which the input check measures.
    /// </summary>
    /// <param name="pixels">Decoded images, 3 × S × S bytes each (<see cref="Data.ImagePreprocessor"/>).</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    EngineScores Score(IReadOnlyList<byte[]> pixels, CancellationToken cancellationToken = default);
}
