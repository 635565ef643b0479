namespace Pneumonia.ML;

/// <summary>
/// How <see cref="PneumoniaClassifier.Train(string, PneumoniaTrainingOptions?, IProgress{PneumoniaTrainingProgress}?, CancellationToken)"/>
/// trains. The defaults are the library's best recipe: an ImageNet-pretrained ResNet18 fine-tuned with X-ray
/// augmentation, balanced classes, a one-cycle learning-rate schedule, early stopping on a patient-level validation
/// split, and the decision threshold chosen on that split. <see cref="Article"/> gives the Keras article's recipe.
/// </summary>
public sealed class PneumoniaTrainingOptions
{
    /// <summary>The network to train. Default: <see cref="PneumoniaArchitecture.ResNet18"/>.</summary>
    public PneumoniaArchitecture Architecture { get; set; } = PneumoniaArchitecture.ResNet18;

    /// <summary>
    /// Side in pixels that every image is resized (stretched) to. Default: 128 (a third of the pixels of 224; training
    /// steps about 30% cheaper than at 160 px, with which it cross-validated level, out of fold and under site-like
    /// shifts: bench/README.md).
    /// </summary>
    public int ImageSize { get; set; } = 128;

    /// <summary>
    /// Most passes over the training images (early stopping may end sooner). Default: 4 (cross-validated level with 5 at
    /// 128 px, out of fold and under site-like shifts, at four fifths of the time: bench/README.md).
    /// </summary>
    public int Epochs { get; set; } = 4;

    /// <summary>Images per optimisation step. Default: 32.</summary>
    public int BatchSize { get; set; } = 32;

    /// <summary>
    /// Peak learning rate. Default: null, meaning the architecture's own: 0.001 for
    /// <see cref="PneumoniaArchitecture.ArticleCnn"/> (RMSprop, as in the article), 0.003 for
    /// <see cref="PneumoniaArchitecture.CompactCnn"/> and 0.0005 for <see cref="PneumoniaArchitecture.ResNet18"/> (AdamW).
    /// </summary>
    public double? LearningRate { get; set; }

    /// <summary>
    /// Share of patients (not images) held out of training for validation, early stopping and the threshold. Every
    /// image of a patient lands on the same side. 0 trains on everything (no early stopping; the threshold is then
    /// <see cref="Threshold"/>). Default: 0.2.
    /// </summary>
    public double ValidationFraction { get; set; } = 0.2;

    /// <summary>Seed of the weight initialisation, the split, the shuffling and the augmentation. Same seed and data, same weights. Default: 42.</summary>
    public int Seed { get; set; } = 42;

    /// <summary>Random rotations, zooms, shifts, brightness, contrast, gamma, blur, resolution loss and noise on training batches. Default: true.</summary>
    public bool Augment { get; set; } = true;

    /// <summary>
    /// With <see cref="Augment"/>, also imitate how another hospital's X-rays differ: histogram equalisation, local
    /// contrast (CLAHE-like), another display window, sharpening, collimated or cropped borders, burned-in markers,
    /// padding to another aspect ratio and JPEG compression, each applied to a share of the images. Default: true (without it, specificity fell
    /// by up to 0.18 under the cross-validated site-like shifts; bench/README.md).
    /// </summary>
    public bool SiteShiftAugmentation { get; set; } = true;

    /// <summary>
    /// Which set of site shifts <see cref="SiteShiftAugmentation"/> trains with: the current one, or 1, the set before
    /// 2026-12-01 (no framed collimation, no JPEG compression), with which the benchmarks repeat their older tables and
    /// the shipped model's recipe, or 3, the current set with a wider zoom (0.8–1.3), which the benchmarks measure.
    /// </summary>
    internal int SiteShiftVersion { get; set; } = Data.Augmentation.CurrentSiteShifts;

    /// <summary>
    /// While training, let glibc keep the large blocks every batch frees and allocates again, instead of returning them to
    /// the kernel and mapping fresh pages each time (measured on 2 cores: the article's network trains 1.4× faster from the main thread; bench/README.md, "Allocation"). It
    /// changes the malloc settings of the whole process while it lasts and restores glibc's settled thresholds after;
    /// nothing changes off glibc or when the environment sets malloc tunables. Default: true.
    /// </summary>
    public bool ReuseLargeBlocks { get; set; } = true;

    /// <summary>Weight the loss so that both classes count equally (the Kaggle training set is 74% pneumonia). Default: true.</summary>
    public bool BalanceClasses { get; set; } = true;

    /// <summary>
    /// Label smoothing ε: train towards ε/2 and 1 − ε/2 instead of 0 and 1 (a softmax model: ε spread over all classes),
    /// so that the network does not learn to be certain; meant against probabilities near 0 or 1 on X-rays unlike the
    /// training ones. In [0, 0.5). Default: 0 (off).
    /// </summary>
    public double LabelSmoothing { get; set; }

    /// <summary>
    /// Mixup's α: each training batch is blended with a shuffled copy of itself, λ·x + (1 − λ)·x′ with λ ~ Beta(α, α)
    /// drawn per batch, and trained towards the same blend of both labels (Zhang et al. 2018), against overconfidence on
    /// X-rays unlike the training ones. Typical values 0.1–0.4 (small α keeps λ near 0 or 1: mild blends). In [0, 10].
    /// Default: 0.2 (with site shifts it kept specificity and calibration far better under blur, low resolution and heavy
    /// JPEG; bench/README.md). The training accuracy that progress reports is measured on the blended images.
    /// </summary>
    public double MixupAlpha { get; set; } = 0.2;

    /// <summary>
    /// Decay of an exponential moving average of the weights (and batch-norm statistics), updated after every step; the
    /// average is what each epoch is validated with, what early stopping keeps, and what training returns. About the
    /// last 1 / (1 − decay) steps count (the default recipe takes about 130 steps an epoch on the whole training folder:
    /// 0.99 averages over the last epoch or so). In [0, 1). Default: 0 (off: the last weights).
    /// </summary>
    public double WeightAverageDecay { get; set; }

    /// <summary>
    /// Learning rate over time: <see cref="PneumoniaLearningRateSchedule.OneCycle"/> (warm up over the first 20% of
    /// steps, then cosine decay) or <see cref="PneumoniaLearningRateSchedule.Constant"/>. Default: OneCycle.
    /// </summary>
    public PneumoniaLearningRateSchedule LearningRateSchedule { get; set; } = PneumoniaLearningRateSchedule.OneCycle;

    /// <summary>
    /// Keep the weights of the epoch with the lowest validation loss, and with a <see cref="PneumoniaLearningRateSchedule.Constant"/>
    /// rate stop after this many epochs without a lower one. A <see cref="PneumoniaLearningRateSchedule.OneCycle"/> run
    /// always completes its epochs (its validation loss jumps about while the rate is high, and its last epochs are
    /// usually the best), then keeps its best. 0 turns both off (the last epoch's weights are kept). Default: 2.
    /// </summary>
    public int EarlyStoppingPatience { get; set; } = 2;

    /// <summary>
    /// How the decision threshold is set on held-out predictions (the validation split in <see cref="PneumoniaClassifier.Train"/>,
    /// the out-of-fold predictions in <see cref="PneumoniaClassifier.CrossValidate"/>):
    /// <see cref="PneumoniaThresholdSelection.CentreOfYoudenPlateau"/> takes the middle of the range where sensitivity +
    /// specificity is (nearly) highest, <see cref="PneumoniaThresholdSelection.MaximiseYouden"/> the single best cut, and
    /// <see cref="PneumoniaThresholdSelection.Fixed"/> uses <see cref="Threshold"/>. Default: CentreOfYoudenPlateau.
    /// </summary>
    public PneumoniaThresholdSelection ThresholdSelection { get; set; } = PneumoniaThresholdSelection.CentreOfYoudenPlateau;

    /// <summary>Probability at or above which an image is called pneumonia when the threshold is fixed (or there is no validation split). Default: 0.5.</summary>
    public double Threshold { get; set; } = 0.5;

    /// <summary>
    /// What to do with a training image that cannot be read (empty, truncated, not a JPEG or PNG, too large): false
    /// stops training with an <see cref="InvalidImageException"/> naming the first such file; true leaves such files
    /// out and lists them in <see cref="PneumoniaClassifier.SkippedImages"/>. Default: false.
    /// </summary>
    public bool SkipUnreadableImages { get; set; }

    /// <summary>
    /// A file where training saves its state after every epoch, atomically. If the file exists when training starts,
    /// and was written with the same options and data, training goes on from it and reaches the same weights as an
    /// uninterrupted run; a checkpoint of other options or data is refused. Deleted when training finishes.
    /// Default: null (no checkpoints).
    /// </summary>
    public string? CheckpointPath { get; set; }

    /// <summary>
    /// The pixel budget: training images whose header claims more pixels (width × height) are refused before they are
    /// decoded, and image files longer than 4 bytes per pixel of it (plus 1 MiB) are refused from their length, unread.
    /// At most 67,108,864 (8,192 × 8,192). Default: 25,000,000 (the largest chest X-ray detectors give about 20 megapixels).
    /// </summary>
    public long MaxImagePixels { get; set; } = Data.ImageDecoder.DefaultMaxPixels;

    /// <summary>
    /// Where the classes come from (<see cref="PneumoniaClasses"/>). Default: <see cref="PneumoniaClasses.NormalPneumonia"/>,
    /// the binary model with one output unit. Any other gives every architecture a softmax head trained with
    /// cross-entropy (class-weighted with <see cref="BalanceClasses"/>) and a validation split stratified by class;
    /// <see cref="PneumoniaClassifier.CrossValidate"/> and the ML.NET estimator train binary models only.
    /// </summary>
    public PneumoniaClasses Classes { get; set; } = PneumoniaClasses.NormalPneumonia;

    /// <summary>
    /// The Keras article's recipe: its network at 300×300, RMSprop at 0.001, batch 128, no augmentation, no class
    /// weighting, constant learning rate, no early stopping, threshold 0.5.
    /// </summary>
    public static PneumoniaTrainingOptions Article() => new()
    {
        Architecture = PneumoniaArchitecture.ArticleCnn,
        ImageSize = 300,
        Epochs = 10,
        BatchSize = 128,
        LearningRate = 0.001,
        Augment = false,
        SiteShiftAugmentation = false,
        MixupAlpha = 0,
        BalanceClasses = false,
        LearningRateSchedule = PneumoniaLearningRateSchedule.Constant,
        EarlyStoppingPatience = 0,
        ThresholdSelection = PneumoniaThresholdSelection.Fixed,
        Threshold = 0.5,
    };

    internal double EffectiveLearningRate => LearningRate ?? Models.Architectures.ArchitectureRegistry.Get(Architecture).DefaultLearningRate;

    internal PneumoniaTrainingOptions Clone() => (PneumoniaTrainingOptions)MemberwiseClone();

    internal void Validate()
    {
        if (!Enum.IsDefined(Architecture))
            throw new ArgumentOutOfRangeException(nameof(Architecture), Architecture, "Unknown architecture.");
        Models.Architectures.Architecture network = Models.Architectures.ArchitectureRegistry.Get(Architecture);
        Check(ImageSize >= network.MinimumImageSize && ImageSize <= network.MaximumImageSize, nameof(ImageSize), ImageSize,
            $"must be between {network.MinimumImageSize} and {network.MaximumImageSize} pixels for {Architecture}");
        Check(Epochs >= 1, nameof(Epochs), Epochs, "must be at least 1");
        Check(BatchSize >= 1, nameof(BatchSize), BatchSize, "must be at least 1");
        Check(LearningRate is null || (LearningRate > 0 && double.IsFinite(LearningRate.Value)), nameof(LearningRate), LearningRate ?? 0, "must be a positive number");
        Check(ValidationFraction >= 0 && ValidationFraction < 1, nameof(ValidationFraction), ValidationFraction, "must be in [0, 1)");
        Check(EarlyStoppingPatience >= 0, nameof(EarlyStoppingPatience), EarlyStoppingPatience, "must be 0 (off) or more");
        Check(LabelSmoothing >= 0 && LabelSmoothing < 0.5, nameof(LabelSmoothing), LabelSmoothing, "must be in [0, 0.5)");
        Check(MixupAlpha >= 0 && MixupAlpha <= 10, nameof(MixupAlpha), MixupAlpha, "must be in [0, 10]");
        Check(WeightAverageDecay >= 0 && WeightAverageDecay < 1, nameof(WeightAverageDecay), WeightAverageDecay, "must be in [0, 1)");
        Check(Threshold > 0 && Threshold < 1, nameof(Threshold), Threshold, "must be in (0, 1)");
        Check(Enum.IsDefined(LearningRateSchedule), nameof(LearningRateSchedule), LearningRateSchedule, "is unknown");
        Check(Enum.IsDefined(ThresholdSelection), nameof(ThresholdSelection), ThresholdSelection, "is unknown");
        ArgumentNullException.ThrowIfNull(Classes, nameof(Classes));
        Check(MaxImagePixels is >= 1 and <= Data.ImageDecoder.MaxPixelsCeiling, nameof(MaxImagePixels), MaxImagePixels,
            $"must be between 1 and {Data.ImageDecoder.MaxPixelsCeiling:N0}");
    }

    /// <summary>Refuses classes other than NORMAL and PNEUMONIA for a capability that trains binary models only.</summary>
    internal void RequireBinary(string capability)
    {
        if (!Classes.IsBinary)
            throw new ArgumentException($"{capability} trains binary models only (Classes = NormalPneumonia); {Classes.Description} needs PneumoniaClassifier.Train.", nameof(Classes));
    }

    private static void Check(bool valid, string name, object value, string rule)
    {
        if (!valid) throw new ArgumentOutOfRangeException(name, value, $"{name} {rule}.");
    }
}
