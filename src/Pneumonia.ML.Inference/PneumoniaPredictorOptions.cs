namespace Pneumonia.ML;

/// <summary>How a <see cref="PneumoniaPredictor"/> reads images and answers.</summary>
public sealed class PneumoniaPredictorOptions
{
    /// <summary>
    /// The pixel budget of Predict and Evaluate: images whose header claims more pixels (width × height) are refused with
    /// an <see cref="InvalidImageException"/> before they are decoded, and image files or streams longer than 4 bytes per
    /// pixel of it (plus 1 MiB) are refused from their length, unread. At most 67,108,864 (8,192 × 8,192).
    /// Default: 25,000,000 (the largest chest X-ray detectors give about 20 megapixels).
    /// </summary>
    public long MaxImagePixels { get; set; } = Data.ImageDecoder.DefaultMaxPixels;

    /// <summary>
    /// Refuse images that do not look like the chest X-rays the model was trained on: <c>Predict</c> then throws
    /// <see cref="UnusualImageException"/> naming the image and the reason, instead of returning a prediction whose
    /// <see cref="PneumoniaPrediction.IsUnusualImage"/> is true. Evaluation never refuses. Default: false.
    /// </summary>
    public bool RejectUnusualImages { get; set; }

    /// <summary>
    /// How many threads ONNX Runtime runs one batch on. Default: 0, one per core (<see cref="Environment.ProcessorCount"/>),
    /// as Pneumonia.ML's ONNX Runtime engines use.
    /// </summary>
    public int Threads { get; set; }

    internal void Validate()
    {
        if (MaxImagePixels is < 1 or > Data.ImageDecoder.MaxPixelsCeiling)
            throw new ArgumentOutOfRangeException(nameof(MaxImagePixels), MaxImagePixels,
                $"The pixel budget must be between 1 and {Data.ImageDecoder.MaxPixelsCeiling:N0}.");
        if (Threads < 0)
            throw new ArgumentOutOfRangeException(nameof(Threads), Threads, "The thread count must be 0 (one per core) or more.");
    }
}
