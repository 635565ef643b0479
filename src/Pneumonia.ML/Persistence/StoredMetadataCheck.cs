using System.Globalization;
using Pneumonia.ML.Models.Architectures;

namespace Pneumonia.ML.Persistence;

/// <summary>
/// Every field of a model file's metadata checked before anything is built from it: a file with a valid checksum can
/// still say ImageSize 100000, a NaN threshold or an ensemble of a million networks. The first bad field throws an
/// <see cref="InvalidModelFileException"/> naming the file and the field; nothing native is touched before.
/// </summary>
internal static class StoredMetadataCheck
{
    /// <exception cref="InvalidModelFileException">A field is missing or out of range.</exception>
    public static void Check(StoredMetadata m, string fullPath)
    {
        void Require(bool valid, string field, object? value, string rule)
        {
            if (!valid)
                throw new InvalidModelFileException(fullPath,
                    $"its field {field} ({string.Format(CultureInfo.InvariantCulture, "{0}", value ?? "null")}) {rule}.");
        }

        Require(Enum.IsDefined(m.Architecture), nameof(m.Architecture), m.Architecture, "is an architecture this version does not know");
        Architecture architecture = ArchitectureRegistry.Get(m.Architecture);
        Require(m.ImageSize >= architecture.MinimumImageSize && m.ImageSize <= architecture.MaximumImageSize, nameof(m.ImageSize), m.ImageSize,
            $"is outside {m.Architecture}'s range of {architecture.MinimumImageSize}–{architecture.MaximumImageSize} pixels");
        Require(double.IsFinite(m.Threshold) && m.Threshold > 0 && m.Threshold < 1, nameof(m.Threshold), m.Threshold, "is not a number in (0, 1)");
        Require(double.IsFinite(m.CalibrationSlope), nameof(m.CalibrationSlope), m.CalibrationSlope, "is not a finite number");
        Require(double.IsFinite(m.CalibrationIntercept), nameof(m.CalibrationIntercept), m.CalibrationIntercept, "is not a finite number");
        Require(m.EnsembleSize is >= 1 and <= SavedNetwork.MaximumEnsembleSize, nameof(m.EnsembleSize), m.EnsembleSize,
            $"is outside 1–{SavedNetwork.MaximumEnsembleSize}");
        Require(Enum.IsDefined(m.WeightPrecision), nameof(m.WeightPrecision), m.WeightPrecision, "is a precision this version does not know");
        Require(m.BestEpoch >= 0, nameof(m.BestEpoch), m.BestEpoch, "is negative");
        Require(m.ThresholdChoice is not null, nameof(m.ThresholdChoice), null, "is missing");
        string? originProblem = StoredThresholdOrigin.Problem(m.ThresholdOrigin);
        Require(originProblem is null, nameof(m.ThresholdOrigin), m.ThresholdOrigin?.Rule, originProblem ?? "");
        Require(m.LibraryVersion is not null, nameof(m.LibraryVersion), null, "is missing");

        Require(m.TrainingHistory is not null && m.TrainingHistory.All(e => e is not null && ConfusionMatrixPresent(e.Validation)),
            nameof(m.TrainingHistory), m.TrainingHistory is null ? null : "…", "has a missing epoch or confusion matrix");
        Require(ConfusionMatrixPresent(m.ValidationMetrics), nameof(m.ValidationMetrics), "…", "has no confusion matrix");
        Require(m.SkippedImages is null || m.SkippedImages.All(s => s is { Path: not null, Reason: not null }),
            nameof(m.SkippedImages), "…", "has an entry without a path or a reason");
        if (m.ActivationRanges is not null)
        {
            foreach ((string name, StoredRange? range) in m.ActivationRanges)
            {
                Require(range is not null && float.IsFinite(range.Min) && float.IsFinite(range.Max) && range.Min <= range.Max,
                    $"{nameof(m.ActivationRanges)}[{name}]", range is null ? null : $"{range.Min}, {range.Max}", "is not a finite range");
            }
        }
        if (m.Classes is not null)
        {
            Require(m.Classes.Count is >= 2 and <= MaximumClasses, nameof(m.Classes), m.Classes.Count, $"is a class count outside 2–{MaximumClasses}");
            Require(m.Classes.All(c => !string.IsNullOrWhiteSpace(c) && c.Length <= 200), nameof(m.Classes), "…", "has an empty or over-long class name");
            Require(m.Classes.SequenceEqual(ClassNames.Sort(m.Classes), StringComparer.Ordinal)
                    && m.Classes.Distinct(StringComparer.OrdinalIgnoreCase).Count() == m.Classes.Count,
                nameof(m.Classes), string.Join(", ", m.Classes), "is not a sorted list of distinct names");
            Require(m.ClassSource is { } source && Enum.IsDefined(source), nameof(m.ClassSource), m.ClassSource, "is missing or a class source this version does not know");
            Require(m.EnsembleSize == 1, nameof(m.EnsembleSize), m.EnsembleSize, "must be 1 for a model with classes");
        }
        else
        {
            Require(m.ClassSource is null or ClassSource.NormalPneumonia, nameof(m.ClassSource), m.ClassSource, "is given without Classes");
        }
        if (m.OperatingPoints is not null)
        {
            foreach (StoredOperatingPoint? point in m.OperatingPoints)
            {
                Require(point is { Name: not null } && double.IsFinite(point.Threshold) && point.Threshold is >= 0 and <= 1,
                    nameof(m.OperatingPoints), point?.Threshold, "has an entry without a name or with a threshold outside [0, 1]");
            }
        }
    }

    /// <summary>The most classes a model file may hold.</summary>
    public const int MaximumClasses = 1000;

    private static bool ConfusionMatrixPresent(StoredMetrics? metrics) => metrics is null || metrics.ConfusionMatrix is not null;
}
