using Microsoft.ML;
using Pneumonia.ML.Data;
using Pneumonia.ML.MLNet;

namespace Pneumonia.ML;

/// <summary>
/// Trains a pneumonia classifier inside an ML.NET pipeline: <see cref="Fit"/> reads every row's label (Boolean, true
/// for pneumonia) and image (a file path as text, the file's bytes as a vector of bytes, or an image from
/// <c>LoadImages</c>), trains as <see cref="PneumoniaClassifier.Train"/> does with the same options, and returns a
/// <see cref="PneumoniaTransformer"/>. Made by
/// <see cref="PneumoniaCatalog.Pneumonia(BinaryClassificationCatalog.BinaryClassificationTrainers, PneumoniaTrainingOptions?, string, string, IProgress{PneumoniaTrainingProgress}?, CancellationToken)"/>.
/// </summary>
/// <remarks>
/// The validation split is drawn by patient: for image paths the patient is read from the Kermany file name (as for
/// folders); for bytes and images each row is its own patient. Training runs when <see cref="Fit"/> is called, with
/// the progress and cancellation given to the catalog.
/// </remarks>
public sealed class PneumoniaEstimator : IEstimator<PneumoniaTransformer>
{
    private readonly TrainerSettings _settings;

    internal PneumoniaEstimator(TrainerSettings settings) => _settings = settings;

    /// <summary>Trains on every row of <paramref name="input"/>.</summary>
    /// <exception cref="InvalidColumnException">The label or image column is missing or holds another type (a key column: see <see cref="PneumoniaMulticlassEstimator"/>).</exception>
    /// <exception cref="InvalidImageException">An image cannot be decoded (unless the options skip unreadable images); the exception names it.</exception>
    /// <exception cref="InvalidDatasetException">The rows lack a class.</exception>
    public PneumoniaTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        PneumoniaTrainingOptions options = _settings.Options;
        options.Validate();
        DataViewSchema.Column label = ImageColumn.CheckLabel(input.Schema, _settings.LabelColumnName);
        ImageColumn.Check(input.Schema, _settings.ImageColumnName);

        var preprocessor = new ImagePreprocessor(options.ImageSize, options.MaxImagePixels);
        List<ImageRecord> records = _settings.Read(input, label, preprocessor, row =>
        {
            ValueGetter<bool> getter = row.GetGetter<bool>(label);
            bool isPneumonia = false;
            return () =>
            {
                getter(ref isPneumonia);
                return (isPneumonia, isPneumonia ? 1 : 0);
            };
        });
        if (records.Count == 0 || records.All(r => r.Label) || records.All(r => !r.Label))
            throw new InvalidDatasetException($"column '{_settings.LabelColumnName}'",
                $"training needs rows of both classes; the data has {records.Count(r => r.Label)} pneumonia and {records.Count(r => !r.Label)} normal rows.");

        PneumoniaClassifier classifier = PneumoniaClassifier.TrainOnRecords(records, options, preprocessor, _settings.Progress, _settings.CancellationToken);
        return new PneumoniaTransformer(classifier, _settings.ImageColumnName, ownsClassifier: true);
    }

    /// <summary>The input shape with <c>Score</c>, <c>Probability</c> and <c>PredictedLabel</c> appended.</summary>
    /// <exception cref="InvalidColumnException">The label or image column is missing or holds another type.</exception>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        ImageColumn.CheckLabel(inputSchema, _settings.LabelColumnName);
        ImageColumn.Check(inputSchema, _settings.ImageColumnName);
        return BinaryColumns.Shape(inputSchema);
    }
}
