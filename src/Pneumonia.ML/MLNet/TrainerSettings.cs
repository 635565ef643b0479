using Microsoft.ML;
using Pneumonia.ML.Data;

namespace Pneumonia.ML.MLNet;

/// <summary>
/// What a catalog's <c>Pneumonia</c> trainer was given, shared by <see cref="PneumoniaEstimator"/> and
/// <see cref="PneumoniaMulticlassEstimator"/>, and how either reads an <see cref="IDataView"/> into training records.
/// </summary>
internal sealed class TrainerSettings(PneumoniaTrainingOptions options, string labelColumnName, string imageColumnName,
    IProgress<PneumoniaTrainingProgress>? progress, CancellationToken cancellationToken)
{
    public PneumoniaTrainingOptions Options { get; } = options;

    public string LabelColumnName { get; } = labelColumnName;

    public string ImageColumnName { get; } = imageColumnName;

    public IProgress<PneumoniaTrainingProgress>? Progress { get; } = progress;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>The settings of a catalog call, checked: non-empty column names and valid options (null for the defaults).</summary>
    public static TrainerSettings Create(PneumoniaTrainingOptions? options, string labelColumnName, string imageColumnName,
        IProgress<PneumoniaTrainingProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(labelColumnName);
        ArgumentException.ThrowIfNullOrWhiteSpace(imageColumnName);
        options ??= new PneumoniaTrainingOptions();
        options.Validate();
        return new TrainerSettings(options, labelColumnName, imageColumnName, progress, cancellationToken);
    }

    /// <summary>
    /// Every labelled row of <paramref name="input"/> as a training record, in row order: its image (as
    /// <see cref="ImageColumn.Record"/> reads it, with the patient) and its label. Rows whose label is missing are left out.
    /// </summary>
    /// <param name="input">The data.</param>
    /// <param name="label">The label column (checked by the caller).</param>
    /// <param name="preprocessor">Decodes images ML.NET has already decoded.</param>
    /// <param name="labeller">Given the cursor, a reader of the current row's label: whether it is pneumonia and its
    /// class index; null for a missing label.</param>
    public List<ImageRecord> Read(IDataView input, DataViewSchema.Column label, ImagePreprocessor preprocessor,
        Func<DataViewRow, Func<(bool IsPneumonia, int Class)?>> labeller)
    {
        var records = new List<ImageRecord>();
        using DataViewRowCursor cursor = input.GetRowCursor([label, input.Schema[ImageColumnName]]);
        Func<(bool IsPneumonia, int Class)?> labelOf = labeller(cursor);
        ImageColumn image = ImageColumn.Open(cursor, ImageColumnName);
        while (cursor.MoveNext())
        {
            CancellationToken.ThrowIfCancellationRequested();
            if (labelOf() is not { } value) continue;
            ImageRecord record = image.Record(value.IsPneumonia, preprocessor);
            record.Class = value.Class;
            records.Add(record);
        }
        return records;
    }
}
