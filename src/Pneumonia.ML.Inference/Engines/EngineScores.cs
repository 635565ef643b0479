namespace Pneumonia.ML.Engines;

/// <summary>What an engine gives for a list of images: one logit each and one pooled feature vector each.</summary>
/// <param name="Logits">The network's logits, in input order.</param>
/// <param name="Features">The pooled last-convolution features, in input order (one vector per image).</param>
internal sealed record EngineScores(float[] Logits, float[][] Features)
{
    /// <summary>
    /// A softmax model's raw class logits, one array per image in class order; null for the binary model. <see cref="Logits"/>
    /// then holds the pneumonia log-odds derived from them (log of the other classes' summed probability minus log P(NORMAL)).
    /// </summary>
    public float[][]? ClassLogits { get; init; }
}
