namespace Pneumonia.ML;

/// <summary>How a loaded <see cref="PneumoniaClassifier"/> runs its network.</summary>
public sealed class PneumoniaInferenceOptions
{
    /// <summary>The engine for predicting and evaluating; Grad-CAM explanations always run on TorchSharp.</summary>
    public PneumoniaInferenceEngine Engine { get; set; } = PneumoniaInferenceEngine.TorchSharp;

    /// <summary>
    /// For <see cref="PneumoniaInferenceEngine.OnnxRuntimeInt8"/>: a folder of X-rays (searched with its subfolders;
    /// labels not needed) whose activation ranges calibrate the quantization, instead of the ranges stored in the model
    /// file. Up to <see cref="CalibrationImageCount"/> images are used, spread evenly over the sorted file names. Use
    /// training images, never the images you evaluate on. Null: use the stored ranges.
    /// </summary>
    public string? CalibrationFolder { get; set; }

    /// <summary>How many images of <see cref="CalibrationFolder"/> to use at most. Default 256.</summary>
    public int CalibrationImageCount { get; set; } = 256;

    /// <summary>
    /// While TorchSharp scores more than one batch (Evaluate, Predict of many files), let glibc keep the large blocks every batch frees and allocates again, instead of returning them to
    /// the kernel and mapping fresh pages each time (measured on 2 cores: batch scoring of the article's network 1.8× faster; bench/README.md, "Allocation"). It
    /// changes the malloc settings of the whole process while it lasts and restores glibc's settled thresholds after;
    /// nothing changes off glibc or when the environment sets malloc tunables. Default: true.
    /// </summary>
    public bool ReuseLargeBlocks { get; set; } = true;

    /// <summary>
    /// The pixel budget of Predict, Evaluate and Explain: images whose header claims more pixels (width × height) are
    /// refused with an <see cref="InvalidImageException"/> before they are decoded, and image files or streams longer than
    /// 4 bytes per pixel of it (plus 1 MiB) are refused from their length, unread. At most 67,108,864 (8,192 × 8,192).
    /// Default: 25,000,000 (the largest chest X-ray detectors give about 20 megapixels).
    /// </summary>
    public long MaxImagePixels { get; set; } = Data.ImageDecoder.DefaultMaxPixels;

    /// <summary>
    /// Refuse images that do not look like the chest X-rays the classifier was trained on: <c>Predict</c> then throws
    /// <see cref="UnusualImageException"/> naming the image and the reason, instead of returning a prediction whose
    /// <see cref="PneumoniaPrediction.IsUnusualImage"/> is true. Evaluation never refuses. Default: false.
    /// </summary>
    public bool RejectUnusualImages { get; set; }

    internal void Validate()
    {
        if (MaxImagePixels is < 1 or > Data.ImageDecoder.MaxPixelsCeiling)
            throw new ArgumentOutOfRangeException(nameof(MaxImagePixels), MaxImagePixels,
                $"The pixel budget must be between 1 and {Data.ImageDecoder.MaxPixelsCeiling:N0}.");
        if (!Enum.IsDefined(Engine))
            throw new ArgumentOutOfRangeException(nameof(Engine), Engine, "Unknown inference engine.");
        if (CalibrationImageCount < 1)
            throw new ArgumentOutOfRangeException(nameof(CalibrationImageCount), CalibrationImageCount, "Use at least one calibration image.");
        if (CalibrationFolder is not null && Engine != PneumoniaInferenceEngine.OnnxRuntimeInt8)
            throw new ArgumentException("A calibration folder is only used by the OnnxRuntimeInt8 engine.", nameof(CalibrationFolder));
    }
}
