using Microsoft.ML;
using Pneumonia.ML.Data;
using Pneumonia.ML.MLNet;

namespace Pneumonia.ML;

/// <summary>
/// Trains a pneumonia classifier inside an ML.NET pipeline: <see cref="Fit"/> reads every row's label (Boolean, true
/// for pneumonia) and image (a file path as text, the file's bytes as a vector of bytes, or an image from
/// <c>LoadImages</c>), trains as <see cref="PneumoniaClassifier.Train"/> does with the same options, and returns a
/// <see cref="PneumoniaTransformer"/>. Made by <see cref="PneumoniaCatalog.Pneumonia"/>.
/// </summary>
/// <remarks>
/// The validation split is drawn by patient: for image paths the patient is read from the Kermany file name (as for
/// folders); for bytes and images each row is its own patient. Training runs when <see cref="Fit"/> is called, with
/// the progress and cancellation given to the catalog.
/// </remarks>
public sealed class PneumoniaEstimator : IEstimator<PneumoniaTransformer>
{
    private readonly PneumoniaTrainingOptions _options;
    private readonly string _labelColumnName;
    private readonly string _imageColumnName;
    private readonly IProgress<PneumoniaTrainingProgress>? _progress;
    private readonly CancellationToken _cancellationToken;

    internal PneumoniaEstimator(PneumoniaTrainingOptions options, string labelColumnName, string imageColumnName,
        IProgress<PneumoniaTrainingProgress>? progress, CancellationToken cancellationToken)
    {
        _options = options;
        _labelColumnName = labelColumnName;
        _imageColumnName = imageColumnName;
        _progress = progress;
        _cancellationToken = cancellationToken;
    }

    /// <summary>Trains on every row of <paramref name="input"/>.</summary>
    /// <exception cref="InvalidColumnException">The label or image column is missing or holds another type.</exception>
    /// <exception cref="InvalidImageException">An image cannot be decoded (unless the options skip unreadable images); the exception names it.</exception>
    /// <exception cref="InvalidDatasetException">The rows lack a class.</exception>
    public PneumoniaTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        _options.Validate();
        DataViewSchema.Column label = ImageColumn.CheckLabel(input.Schema, _labelColumnName);
        ImageColumn.Check(input.Schema, _imageColumnName);

        var preprocessor = new ImagePreprocessor(_options.ImageSize, _options.MaxImagePixels);
        var records = new List<ImageRecord>();
        using (DataViewRowCursor cursor = input.GetRowCursor([label, input.Schema[_imageColumnName]]))
        {
            ValueGetter<bool> labelGetter = cursor.GetGetter<bool>(label);
            ImageColumn image = ImageColumn.Open(cursor, _imageColumnName);
            bool isPneumonia = false;
            while (cursor.MoveNext())
            {
                _cancellationToken.ThrowIfCancellationRequested();
                labelGetter(ref isPneumonia);
                records.Add(image.Record(isPneumonia, preprocessor));
            }
        }
        if (records.Count == 0 || records.All(r => r.Label) || records.All(r => !r.Label))
            throw new InvalidDatasetException($"column '{_labelColumnName}'",
                $"training needs rows of both classes; the data has {records.Count(r => r.Label)} pneumonia and {records.Count(r => !r.Label)} normal rows.");

        PneumoniaClassifier classifier = PneumoniaClassifier.TrainOnRecords(records, _options, preprocessor, _progress, _cancellationToken);
        return new PneumoniaTransformer(classifier, _imageColumnName, ownsClassifier: true);
    }

    /// <summary>The input shape with <c>Score</c>, <c>Probability</c> and <c>PredictedLabel</c> appended.</summary>
    /// <exception cref="InvalidColumnException">The label or image column is missing or holds another type.</exception>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        ImageColumn.CheckLabel(inputSchema, _labelColumnName);
        ImageColumn.Check(inputSchema, _imageColumnName);
        return ScoreColumns.Append(inputSchema);
    }
}
