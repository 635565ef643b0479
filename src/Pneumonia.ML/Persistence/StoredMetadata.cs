using Pneumonia.ML.Quantization;

namespace Pneumonia.ML.Persistence;

/// <summary>
/// The metadata section of a model file as JSON: private types whose property names are the format, so that renaming
/// or reshaping a public type (<see cref="PneumoniaMetrics"/>, <see cref="PneumoniaEpochSummary"/>, …) cannot change
/// what files say. Properties added later get defaults that mean "as before", so older files keep loading
/// (<c>ModelFormatTests</c> holds a committed file).
/// </summary>
internal sealed class StoredMetadata
{
    public PneumoniaArchitecture Architecture { get; set; }
    public int ImageSize { get; set; }
    public double Threshold { get; set; }
    public string ThresholdChoice { get; set; } = "";

    /// <summary>The threshold's origin as data; absent in files from before it.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public StoredThresholdOrigin? ThresholdOrigin { get; set; }

    public int Seed { get; set; }
    public List<StoredEpoch> TrainingHistory { get; set; } = [];
    public int BestEpoch { get; set; }
    public StoredMetrics? ValidationMetrics { get; set; }
    public List<StoredSkippedImage>? SkippedImages { get; set; }
    public string LibraryVersion { get; set; } = "";
    public PneumoniaWeightPrecision WeightPrecision { get; set; } = PneumoniaWeightPrecision.Float32;
    public Dictionary<string, StoredRange>? ActivationRanges { get; set; }
    public double CalibrationSlope { get; set; } = 1;
    public double CalibrationIntercept { get; set; }
    public int EnsembleSize { get; set; } = 1;
    public List<StoredOperatingPoint>? OperatingPoints { get; set; }
    public StoredInputCheck? InputCheck { get; set; }

    /// <summary>A softmax model's sorted class names; absent for the binary model (and in files from before classes).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public List<string>? Classes { get; set; }

    /// <summary>Where <see cref="Classes"/> came from; absent for the binary model.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public ClassSource? ClassSource { get; set; }

    public static StoredMetadata From(ModelMetadata m) => new()
    {
        Classes = m.Classes?.ToList(),
        ClassSource = m.Classes is null ? null : m.ClassSource,
        Architecture = m.Architecture,
        ImageSize = m.ImageSize,
        Threshold = m.Threshold,
        ThresholdChoice = m.ThresholdOrigin.Description,
        ThresholdOrigin = m.ThresholdOrigin.Rule == PneumoniaThresholdRule.Unrecorded ? null : StoredThresholdOrigin.From(m.ThresholdOrigin),
        Seed = m.Seed,
        TrainingHistory = [.. m.TrainingHistory.Select(StoredEpoch.From)],
        BestEpoch = m.BestEpoch,
        ValidationMetrics = StoredMetrics.From(m.ValidationMetrics),
        SkippedImages = [.. m.SkippedImages.Select(s => new StoredSkippedImage { Path = s.Path, Reason = s.Reason })],
        LibraryVersion = m.LibraryVersion,
        WeightPrecision = m.WeightPrecision,
        ActivationRanges = m.ActivationRanges?.ToDictionary(r => r.Key, r => new StoredRange { Min = r.Value.Min, Max = r.Value.Max }),
        CalibrationSlope = m.CalibrationSlope,
        CalibrationIntercept = m.CalibrationIntercept,
        EnsembleSize = m.EnsembleSize,
        OperatingPoints = m.OperatingPoints?.Select(p => new StoredOperatingPoint
        {
            Name = p.Name, Threshold = p.Threshold, Sensitivity = p.Sensitivity, Specificity = p.Specificity,
        }).ToList(),
        InputCheck = StoredInputCheck.From(m.InputCheck),
    };

    public ModelMetadata ToMetadata() => new(
        Architecture, ImageSize, Threshold, StoredThresholdOrigin.ToOrigin(ThresholdOrigin, ThresholdChoice), Seed,
        TrainingHistory.Select(e => e.ToSummary()).ToArray(),
        BestEpoch, ValidationMetrics?.ToMetrics(),
        (SkippedImages ?? []).Select(s => new PneumoniaSkippedImage(s.Path, s.Reason)).ToArray(),
        LibraryVersion, WeightPrecision,
        ActivationRanges?.ToDictionary(r => r.Key, r => new ActivationRange(r.Value.Min, r.Value.Max)),
        CalibrationSlope, CalibrationIntercept, EnsembleSize,
        OperatingPoints?.Select(p => new PneumoniaOperatingPoint(p.Name, p.Threshold, p.Sensitivity, p.Specificity)).ToArray(),
        InputCheck?.ToStatistics(),
        Classes?.ToArray(), ClassSource ?? ML.ClassSource.NormalPneumonia);
}

/// <summary>One epoch of the training history, as stored.</summary>
internal sealed class StoredEpoch
{
    public int Epoch { get; set; }
    public double Loss { get; set; }
    public double Accuracy { get; set; }
    public StoredMetrics? Validation { get; set; }

    public static StoredEpoch From(PneumoniaEpochSummary e) =>
        new() { Epoch = e.Epoch, Loss = e.Loss, Accuracy = e.Accuracy, Validation = StoredMetrics.From(e.Validation) };

    public PneumoniaEpochSummary ToSummary() => new(Epoch, Loss, Accuracy, Validation?.ToMetrics());
}

/// <summary>Metrics at a threshold, as stored.</summary>
internal sealed class StoredMetrics
{
    public int Count { get; set; }
    public double Accuracy { get; set; }
    public double Sensitivity { get; set; }
    public double Specificity { get; set; }
    public double Precision { get; set; }
    public double NegativePredictiveValue { get; set; }
    public double F1 { get; set; }
    public double Auc { get; set; }
    public double LogLoss { get; set; }
    public double Threshold { get; set; }
    public StoredConfusionMatrix ConfusionMatrix { get; set; } = new();

    public static StoredMetrics? From(PneumoniaMetrics? m) => m is null ? null : new()
    {
        Count = m.Count, Accuracy = m.Accuracy, Sensitivity = m.Sensitivity, Specificity = m.Specificity, Precision = m.Precision,
        NegativePredictiveValue = m.NegativePredictiveValue, F1 = m.F1, Auc = m.Auc, LogLoss = m.LogLoss, Threshold = m.Threshold,
        ConfusionMatrix = new StoredConfusionMatrix
        {
            TruePositives = m.ConfusionMatrix.TruePositives, FalsePositives = m.ConfusionMatrix.FalsePositives,
            TrueNegatives = m.ConfusionMatrix.TrueNegatives, FalseNegatives = m.ConfusionMatrix.FalseNegatives,
        },
    };

    public PneumoniaMetrics ToMetrics() => new(Count, Accuracy, Sensitivity, Specificity, Precision, NegativePredictiveValue, F1, Auc,
        LogLoss, Threshold, new PneumoniaConfusionMatrix(ConfusionMatrix.TruePositives, ConfusionMatrix.FalsePositives,
            ConfusionMatrix.TrueNegatives, ConfusionMatrix.FalseNegatives));
}

/// <summary>The four counts of a binary decision, as stored.</summary>
internal sealed class StoredConfusionMatrix
{
    public int TruePositives { get; set; }
    public int FalsePositives { get; set; }
    public int TrueNegatives { get; set; }
    public int FalseNegatives { get; set; }
}

/// <summary>A training image left out as unreadable, as stored.</summary>
internal sealed class StoredSkippedImage
{
    public string Path { get; set; } = "";
    public string Reason { get; set; } = "";
}

/// <summary>An int8 activation range, keyed in the file by the exported graph's tensor name.</summary>
internal sealed class StoredRange
{
    public float Min { get; set; }
    public float Max { get; set; }
}
