namespace Pneumonia.ML.Engines;

/// <summary>
/// The names and the input scaling of the ONNX graphs Pneumonia.ML writes, which <see cref="OnnxRuntimeEngine"/> runs:
/// input <c>rgb</c> (N×3×S×S float, RGB channels first, pixels ÷ 255 after <see cref="Data.ImagePreprocessor"/>), outputs
/// <c>logit</c> (N×1) and <c>features</c> (N×C, the pooled last-convolution features the input check measures), and, in
/// graphs exported for other runtimes, <c>probability</c> (N×1).
/// </summary>
internal static class OnnxContract
{
    public const string InputName = "rgb";

    /// <summary>The calibrated probability (graphs exported for other runtimes).</summary>
    public const string OutputName = "probability";

    /// <summary>The logit the probability is the sigmoid of (N×1).</summary>
    public const string LogitName = "logit";

    /// <summary>The pooled last-convolution features (N×C).</summary>
    public const string FeaturesName = "features";

    /// <summary>A softmax model's raw class logits (N×K), in class order; absent from binary models' graphs.</summary>
    public const string ClassLogitsName = "class_logits";

    /// <summary>A softmax model's class probabilities, the softmax of <see cref="ClassLogitsName"/> (N×K).</summary>
    public const string ClassProbabilitiesName = "class_probabilities";

    /// <summary>
    /// Writes decoded images (C×S×S bytes each) as the graph's input: pixels ÷ 255, as the TorchSharp network's input
    /// is made from them in training.
    /// </summary>
    public static void WriteInput(IReadOnlyList<byte[]> pixels, int start, int count, Span<float> target)
    {
        for (int i = 0; i < count; i++)
        {
            byte[] image = pixels[start + i];
            Span<float> slice = target.Slice(i * image.Length, image.Length);
            for (int j = 0; j < image.Length; j++) slice[j] = image[j] / 255f;
        }
    }
}
