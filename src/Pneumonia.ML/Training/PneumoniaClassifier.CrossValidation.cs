using Pneumonia.ML.Data;
using Pneumonia.ML.Evaluation;
using Pneumonia.ML.Native;
using Pneumonia.ML.Training;

namespace Pneumonia.ML;

public sealed partial class PneumoniaClassifier
{
    /// <summary>
    /// Patient-level k-fold cross-validation of a training recipe, as ML.NET's <c>CrossValidate</c> does it for its
    /// trainers: the patients of <paramref name="folder"/> are dealt into <paramref name="folds"/> folds (each class
    /// spread evenly, every image of a patient in one fold), and one network is trained per fold on all the other folds.
    /// Each image is then scored by the network that never saw its patient; these out-of-fold predictions give the
    /// metrics with 95% intervals that describe the recipe on new patients of the same hospital.
    /// </summary>
    /// <param name="folder">The labelled images, as for <see cref="Train"/>.</param>
    /// <param name="folds">Number of folds, at least 2. Default: 5.</param>
    /// <param name="options">The recipe; null for the defaults. <see cref="PneumoniaTrainingOptions.ValidationFraction"/>
    /// and <see cref="PneumoniaTrainingOptions.EarlyStoppingPatience"/> are not used: each fold trains its whole schedule
    /// and keeps its last epoch, so its held-out images choose nothing. A <see cref="PneumoniaTrainingOptions.CheckpointPath"/>
    /// gets the suffix <c>.foldN</c> per fold.</param>
    /// <param name="evaluationOptions">How the out-of-fold intervals and calibration are computed; null for the defaults.</param>
    /// <param name="progress">Every report of every fold's training, with <see cref="PneumoniaTrainingProgress.Fold"/> set.</param>
    /// <param name="cancellationToken">Stops training before the next batch; the method then throws <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="InvalidDatasetException">The folder is missing, wrongly laid out, lacks a class, or has fewer patients of a class than folds.</exception>
    /// <exception cref="InvalidImageException">An image cannot be decoded; the exception names it.</exception>
    public static PneumoniaCrossValidation CrossValidate(string folder, int folds = 5, PneumoniaTrainingOptions? options = null,
        PneumoniaEvaluationOptions? evaluationOptions = null, IProgress<PneumoniaTrainingProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        options ??= new PneumoniaTrainingOptions();
        options.Validate();
        evaluationOptions ??= new PneumoniaEvaluationOptions();
        evaluationOptions.Validate();
        TorchRuntime.EnsureLoaded();

        IReadOnlyList<ImageRecord> records = ImageFolder.Read(folder, ImageFolder.Split.Training);
        foreach (bool label in new[] { false, true })
            if (records.Where(r => r.Label == label).Select(r => r.PatientId).Distinct().Count() < folds)
                throw new InvalidDatasetException(Path.GetFullPath(folder),
                    $"{folds} folds need at least {folds} patients of each class; {(label ? ImageFolder.PneumoniaClass : ImageFolder.NormalClass)} has fewer.");

        IReadOnlyList<CrossValidator.Fold> trained = CrossValidator.Run(records, folds, options,
            new ImagePreprocessor(options.ImageSize), progress, cancellationToken);

        // Every scored image with its fold, in path order.
        var scored = trained
            .SelectMany(f => f.Training.ValidationRecords.Select((r, i) => (Record: r, Fold: f.Index + 1, Probability: f.Training.ValidationProbabilities[i])))
            .OrderBy(s => s.Record.ImagePath, StringComparer.Ordinal).ToArray();
        ImageRecord[] scoredRecords = scored.Select(s => s.Record).ToArray();
        float[] probabilities = scored.Select(s => s.Probability).ToArray();
        bool[] labels = scoredRecords.Select(r => r.Label).ToArray();

        int patients = scoredRecords.Select(r => r.PatientId).Distinct().Count();
        (double threshold, string choice) = options.ThresholdSelection == PneumoniaThresholdSelection.MaximiseYouden
            ? (ThresholdSelector.MaximiseYouden(labels, probabilities, options.Threshold),
                $"maximised Youden's J on the out-of-fold predictions of {folds}-fold patient-level cross-validation ({scored.Length} images of {patients} patients)")
            : (options.Threshold, $"fixed at {options.Threshold:0.###}");
        PneumoniaEvaluation outOfFold = EvaluationCalculator.Compute(Path.GetFullPath(folder), scoredRecords, probabilities,
            threshold, $"It was chosen on these same predictions ({choice}), so threshold-bound figures lean optimistic.", evaluationOptions);

        var classifiers = new List<PneumoniaClassifier>(folds);
        foreach (CrossValidator.Fold fold in trained)
        {
            bool[] heldOutLabels = fold.Training.ValidationRecords.Select(r => r.Label).ToArray();
            Trainer.Result result = fold.Training with
            {
                Threshold = threshold,
                ThresholdChoice = choice,
                Validation = MetricsCalculator.Compute(heldOutLabels, fold.Training.ValidationProbabilities, threshold),
            };
            classifiers.Add(FromTraining(result, options));
        }
        return new PneumoniaCrossValidation(classifiers, scored.Select(s => s.Fold).ToArray(), outOfFold);
    }
}
