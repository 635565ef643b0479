namespace Pneumonia.ML;

/// <summary>How <see cref="PneumoniaClassifier.Train(string, PneumoniaTrainingOptions?, IProgress{PneumoniaTrainingProgress}?, CancellationToken)"/> trains.</summary>
public sealed class PneumoniaTrainingOptions
{
    /// <summary>The network to train. Default: <see cref="PneumoniaArchitecture.ArticleCnn"/>.</summary>
    public PneumoniaArchitecture Architecture { get; set; } = PneumoniaArchitecture.ArticleCnn;

    /// <summary>Side in pixels that every image is resized (stretched) to. Default: 224. The article used 300.</summary>
    public int ImageSize { get; set; } = 224;

    /// <summary>Passes over the training images. Default: 10.</summary>
    public int Epochs { get; set; } = 10;

    /// <summary>Images per optimisation step. Default: 32. The article used 128.</summary>
    public int BatchSize { get; set; } = 32;

    /// <summary>RMSprop learning rate. Default: 0.001, as in the article.</summary>
    public double LearningRate { get; set; } = 0.001;

    /// <summary>
    /// Share of patients (not images) held out of training to report validation figures. Every image of a patient
    /// lands on the same side. 0 trains on everything and reports no validation figures. Default: 0.2.
    /// </summary>
    public double ValidationFraction { get; set; } = 0.2;

    /// <summary>Seed of the weight initialisation, the split and the shuffling. Same seed and data, same weights. Default: 42.</summary>
    public int Seed { get; set; } = 42;

    /// <summary>
    /// Probability at or above which an image is called pneumonia. Default: 0.5.
    /// </summary>
    public double Threshold { get; set; } = 0.5;

    internal void Validate()
    {
        int minimum = Architecture == PneumoniaArchitecture.ArticleCnn ? Models.ArticleCnn.MinimumImageSize : 32;
        Check(ImageSize >= minimum && ImageSize <= 1024, nameof(ImageSize), ImageSize, $"must be between {minimum} and 1024 pixels for {Architecture}");
        Check(Epochs >= 1, nameof(Epochs), Epochs, "must be at least 1");
        Check(BatchSize >= 1, nameof(BatchSize), BatchSize, "must be at least 1");
        Check(LearningRate > 0 && double.IsFinite(LearningRate), nameof(LearningRate), LearningRate, "must be a positive number");
        Check(ValidationFraction >= 0 && ValidationFraction < 1, nameof(ValidationFraction), ValidationFraction, "must be in [0, 1)");
        Check(Threshold > 0 && Threshold < 1, nameof(Threshold), Threshold, "must be in (0, 1)");
        if (!Enum.IsDefined(Architecture))
            throw new ArgumentOutOfRangeException(nameof(Architecture), Architecture, "Unknown architecture.");
    }

    private static void Check(bool valid, string name, object value, string rule)
    {
        if (!valid) throw new ArgumentOutOfRangeException(name, value, $"{name} {rule}.");
    }
}
