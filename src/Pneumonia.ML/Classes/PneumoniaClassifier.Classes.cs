using Pneumonia.ML.Data;
using Pneumonia.ML.Models;
using Pneumonia.ML.Native;
using Pneumonia.ML.Persistence;
using Pneumonia.ML.Training;

namespace Pneumonia.ML;

public sealed partial class PneumoniaClassifier
{
    /// <summary>
    /// The classes the classifier tells apart, in index order (the order of
    /// <see cref="PneumoniaPrediction.ClassProbabilities"/>): <c>NORMAL</c> and <c>PNEUMONIA</c> for a binary model, the
    /// sorted class names for a model trained with <see cref="PneumoniaTrainingOptions.Classes"/>.
    /// </summary>
    public IReadOnlyList<string> Classes => _metadata.ClassLabels;

    /// <summary>Where the classes came from (<see cref="PneumoniaClasses.Description"/>; a rule's model says "a labelling rule").</summary>
    public string ClassesDescription => PneumoniaClasses.Describe(_metadata.ClassSource);

    /// <summary>True for a model with a softmax head over <see cref="Classes"/>; false for the binary model.</summary>
    public bool IsMulticlass => _metadata.Classes is not null;

    /// <summary>
    /// Scores every image of a labelled folder and measures how well every class is told apart
    /// (<see cref="PneumoniaMulticlassMetrics"/>): micro and macro accuracy, log-loss, the N×N confusion matrix, and each
    /// class's sensitivity, specificity and one-vs-rest AUC with confidence intervals. The folder is read as the model's
    /// classes were (its class folders, or the file names' bacteria and virus; for a Kaggle root, its <c>test/</c>); a
    /// binary model reads NORMAL and PNEUMONIA and calls pneumonia at <see cref="Threshold"/>, a softmax model the most
    /// probable class.
    /// </summary>
    /// <param name="folder">The labelled images.</param>
    /// <param name="classes">How to read the folder's classes; null for the model's own. Required for a model trained with a rule (<see cref="PneumoniaClasses.FromRule"/>).</param>
    /// <param name="options">The intervals' level and method; null for the defaults (95%, Wilson).</param>
    /// <param name="cancellationToken">Stops scoring between batches.</param>
    /// <exception cref="InvalidDatasetException">The folder is missing, wrongly laid out, or holds a class the model does not know.</exception>
    /// <exception cref="InvalidImageException">An image cannot be decoded; the exception names it.</exception>
    /// <exception cref="InvalidOperationException">The model was trained with a rule and no <paramref name="classes"/> were given.</exception>
    public PneumoniaMulticlassMetrics EvaluateClasses(string folder, PneumoniaClasses? classes = null, PneumoniaEvaluationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        options ??= new PneumoniaEvaluationOptions();
        options.Validate();
        classes ??= PneumoniaClasses.FromStored(_metadata.ClassSource)
            ?? throw new InvalidOperationException("This model's classes came from a labelling rule, which a model file cannot hold: pass the rule as the classes argument.");
        return _pipeline.EvaluateClasses(folder, classes, Classes, options, cancellationToken);
    }

    /// <summary>Trains a softmax model on the classes <paramref name="options"/> name.</summary>
    private static PneumoniaClassifier TrainClasses(string folder, PneumoniaTrainingOptions options, ImagePreprocessor preprocessor,
        IProgress<PneumoniaTrainingProgress>? progress, CancellationToken cancellationToken)
    {
        (IReadOnlyList<ImageRecord> records, IReadOnlyList<string> classes) = ClassFolder.Read(folder, ImageFolder.Split.Training, options.Classes);
        return TrainOnClassRecords(records, classes, options.Classes, options, preprocessor, progress, cancellationToken);
    }

    /// <summary>
    /// Trains a softmax model on labelled records: a folder's (<see cref="ClassFolder"/>) or an ML.NET key column's
    /// (see <see cref="PneumoniaMulticlassEstimator"/>). <see cref="ImageRecord.Class"/> indexes <paramref name="classes"/>
    /// (sorted, <see cref="ClassNames.Sort"/>); <paramref name="source"/> is stored as where they came from.
    /// </summary>
    internal static PneumoniaClassifier TrainOnClassRecords(IReadOnlyList<ImageRecord> records, IReadOnlyList<string> classes,
        PneumoniaClasses source, PneumoniaTrainingOptions options, ImagePreprocessor preprocessor,
        IProgress<PneumoniaTrainingProgress>? progress, CancellationToken cancellationToken)
    {
        TorchRuntime.EnsureLoaded();
        NetworkOutputs outputs = NetworkOutputs.For(classes);
        Trainer.Result result = Trainer.Train(records, options, preprocessor, progress, cancellationToken, outputs);
        var metadata = new ModelMetadata(options.Architecture, options.ImageSize, result.Threshold, result.ThresholdOrigin,
            options.Seed, result.History, result.BestEpoch, result.Validation, result.Skipped, LibraryVersion,
            ActivationRanges: result.ActivationRanges, Classes: classes, ClassSource: source.Source);
        metadata = metadata with { InputCheck = FitFeatureStatistics(result.FeatureSample, metadata) };
        return new PneumoniaClassifier(TorchNetwork.Of(result.Network, options.Architecture, options.ImageSize, outputs: outputs), metadata);
    }
}
