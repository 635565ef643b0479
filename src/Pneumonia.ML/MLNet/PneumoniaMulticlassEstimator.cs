using Microsoft.ML;
using Pneumonia.ML.Data;
using Pneumonia.ML.MLNet;

namespace Pneumonia.ML;

/// <summary>
/// Trains a multi-class X-ray classifier inside an ML.NET pipeline, as ML.NET's multiclass trainers do: the label
/// column is a key (<c>mlContext.Transforms.Conversion.MapValueToKey</c> of the class names) whose key values name
/// the classes; <see cref="Fit"/> reads every row's class and image (a file path as text, the file's bytes as a vector
/// of bytes, or an image from <c>LoadImages</c>), trains a softmax model as <see cref="PneumoniaClassifier.Train"/>
/// does with <see cref="PneumoniaTrainingOptions.Classes"/>, and returns a <see cref="PneumoniaMulticlassTransformer"/>
/// whose columns follow the key's order. Made by
/// <see cref="PneumoniaCatalog.Pneumonia(MulticlassClassificationCatalog.MulticlassClassificationTrainers, PneumoniaTrainingOptions?, string, string, IProgress{PneumoniaTrainingProgress}?, CancellationToken)"/>.
/// </summary>
/// <remarks>
/// The model's <see cref="PneumoniaClassifier.Classes"/> are the key values sorted (as for every multi-class model);
/// the class named NORMAL (letter case ignored; else the first) is the reference class of the binary view
/// (<see cref="PneumoniaPrediction.Probability"/> = 1 − P(NORMAL)). The classes are recorded as a labelling rule
/// (<see cref="PneumoniaClasses.FromRule"/>, the label column's), so <see cref="PneumoniaClassifier.EvaluateClasses"/>
/// of a folder takes the classes argument. The validation split is drawn by patient and stratified by class: for
/// image paths the patient is read from the Kermany file name (as for folders); for bytes and images each row is its
/// own patient. Rows whose key is missing are left out, as ML.NET's trainers leave out rows without a label.
/// </remarks>
public sealed class PneumoniaMulticlassEstimator : IEstimator<PneumoniaMulticlassTransformer>
{
    private readonly TrainerSettings _settings;

    internal PneumoniaMulticlassEstimator(TrainerSettings settings) => _settings = settings;

    /// <summary>Trains on every labelled row of <paramref name="input"/>.</summary>
    /// <exception cref="InvalidColumnException">The label column is missing, not a key with text values naming at
    /// least 2 distinct classes (a Boolean label belongs to <see cref="PneumoniaEstimator"/>), or the image column is
    /// missing or holds another type.</exception>
    /// <exception cref="InvalidImageException">An image cannot be decoded (unless the options skip unreadable images); the exception names it.</exception>
    /// <exception cref="InvalidDatasetException">A class of the key has no row.</exception>
    /// <exception cref="ArgumentException">The options set <see cref="PneumoniaTrainingOptions.Classes"/>: the label column gives the classes.</exception>
    public PneumoniaMulticlassTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        PneumoniaTrainingOptions options = _settings.Options;
        options.Validate();
        RequireClassesFromColumn(options);
        KeyLabel label = KeyLabel.Check(input.Schema, _settings.LabelColumnName);
        ImageColumn.Check(input.Schema, _settings.ImageColumnName);

        // The label column's classes as the library's: a rule naming them, sorted as every model's classes are.
        var classOfImage = new Dictionary<string, string>(StringComparer.Ordinal);
        PneumoniaClasses classes = PneumoniaClasses.FromRule(label.Names, path => classOfImage.GetValueOrDefault(path));
        IReadOnlyList<string> modelClasses = classes.RuleClasses!;
        int[] classOfKey = label.Names.Select(name => modelClasses.ToList().FindIndex(c => c == name)).ToArray();
        int negative = ClassNames.Negative(modelClasses);

        var preprocessor = new ImagePreprocessor(options.ImageSize, options.MaxImagePixels);
        List<ImageRecord> records = _settings.Read(input, label.Column, preprocessor, row =>
        {
            Func<ulong> key = label.Reader(row);
            return () => key() is var k && k >= 1 && k <= (ulong)classOfKey.Length
                ? (classOfKey[k - 1] != negative, classOfKey[k - 1])
                : null;
        });
        foreach (ImageRecord record in records) classOfImage[record.ImagePath] = modelClasses[record.Class];
        for (int c = 0; c < modelClasses.Count; c++)
        {
            if (!records.Any(r => r.Class == c))
                throw new InvalidDatasetException($"column '{_settings.LabelColumnName}'",
                    $"no row is of the class {modelClasses[c]}; training needs rows of every class of the key ({string.Join(", ", label.Names)}).");
        }

        PneumoniaClassifier classifier = PneumoniaClassifier.TrainOnClassRecords(records, modelClasses, classes, options, preprocessor,
            _settings.Progress, _settings.CancellationToken);
        return new PneumoniaMulticlassTransformer(classifier, _settings.ImageColumnName, label.Names, ownsClassifier: true);
    }

    /// <summary>The input shape with <c>Score</c> (a vector of float) and <c>PredictedLabel</c> (a key) appended.</summary>
    /// <exception cref="InvalidColumnException">The label column is missing or not a key, or the image column is missing or holds another type.</exception>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        KeyLabel.Check(inputSchema, _settings.LabelColumnName);
        ImageColumn.Check(inputSchema, _settings.ImageColumnName);
        return MulticlassColumns.Shape(inputSchema);
    }

    /// <summary>Refuses options that name classes: here the label column's key gives them.</summary>
    internal static void RequireClassesFromColumn(PneumoniaTrainingOptions options)
    {
        if (!options.Classes.IsBinary)
            throw new ArgumentException(
                $"The multi-class ML.NET trainer takes its classes from the label column's key values; leave PneumoniaTrainingOptions.Classes at its default (it is {options.Classes.Description}).",
                nameof(options));
    }
}
