namespace Pneumonia.ML.Persistence;

/// <summary>
/// A threshold's origin as stored in both model files (the words are the file's <c>ThresholdChoice</c>). Files from
/// before it have none, and load with <see cref="PneumoniaThresholdRule.Unrecorded"/>.
/// </summary>
internal sealed class StoredThresholdOrigin
{
    public PneumoniaThresholdRule Rule { get; set; }
    public PneumoniaThresholdSource Source { get; set; }
    public int ImageCount { get; set; }
    public int PatientCount { get; set; }
    public int FoldCount { get; set; }

    public static StoredThresholdOrigin From(PneumoniaThresholdOrigin o) => new()
    {
        Rule = o.Rule, Source = o.Source, ImageCount = o.ImageCount, PatientCount = o.PatientCount, FoldCount = o.FoldCount,
    };

    /// <summary>The origin, or an unrecorded one for files from before origins were stored.</summary>
    public static PneumoniaThresholdOrigin ToOrigin(StoredThresholdOrigin? stored, string description) => stored is null
        ? new(PneumoniaThresholdRule.Unrecorded, PneumoniaThresholdSource.None, 0, 0, 0, description)
        : new(stored.Rule, stored.Source, stored.ImageCount, stored.PatientCount, stored.FoldCount, description);

    /// <summary>Why <paramref name="stored"/> cannot be loaded, or null when it can (an absent origin can).</summary>
    public static string? Problem(StoredThresholdOrigin? stored)
    {
        if (stored is null) return null;
        if (!Enum.IsDefined(stored.Rule) || stored.Rule == PneumoniaThresholdRule.Unrecorded) return $"has a rule this version does not know ({stored.Rule})";
        if (!Enum.IsDefined(stored.Source)) return $"has a source this version does not know ({stored.Source})";
        bool none = stored.Source == PneumoniaThresholdSource.None;
        if (none != (stored.Rule == PneumoniaThresholdRule.Fixed)) return $"pairs the rule {stored.Rule} with the source {stored.Source}";
        if (none ? stored.ImageCount != 0 || stored.PatientCount != 0
                 : stored.ImageCount <= 0 || stored.PatientCount <= 0 || stored.PatientCount > stored.ImageCount)
            return $"gives {stored.ImageCount} images of {stored.PatientCount} patients for the source {stored.Source}";
        if (stored.Source == PneumoniaThresholdSource.OutOfFoldPredictions ? stored.FoldCount < 2 : stored.FoldCount != 0)
            return $"gives {stored.FoldCount} folds for the source {stored.Source}";
        return null;
    }
}
