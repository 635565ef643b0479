using Pneumonia.ML.Data;
using Pneumonia.ML.Evaluation;
using Pneumonia.ML.InputCheck;
using Pneumonia.ML.Models;
using Pneumonia.ML.Native;
using Pneumonia.ML.Persistence;
using Pneumonia.ML.Quantization;
using Pneumonia.ML.Training;
using static TorchSharp.torch;

namespace Pneumonia.ML;

public sealed partial class PneumoniaClassifier
{
    /// <summary>
    /// Patient-level k-fold cross-validation of a training recipe, as ML.NET's <c>CrossValidate</c> does it for its
    /// trainers: the patients of <paramref name="folder"/> are dealt into <paramref name="folds"/> folds (each class
    /// spread evenly, every image of a patient in one fold), and one network is trained per fold on all the other folds.
    /// Each image is then scored by the network that never saw its patient. On these out-of-fold predictions the
    /// logits are calibrated (Platt scaling) and the threshold is chosen
    /// (<see cref="PneumoniaTrainingOptions.ThresholdSelection"/>); they give the metrics with 95% intervals that
    /// describe the recipe on new patients of the same hospital. The fold networks together form
    /// <see cref="PneumoniaCrossValidation.Ensemble"/>, a classifier that averages their logits.
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
        ArgumentOutOfRangeException.ThrowIfGreaterThan(folds, SavedNetwork.MaximumEnsembleSize);
        options ??= new PneumoniaTrainingOptions();
        options.Validate();
        options.RequireBinary("Cross-validation");
        evaluationOptions ??= new PneumoniaEvaluationOptions();
        evaluationOptions.Validate();
        TorchRuntime.EnsureLoaded();

        IReadOnlyList<ImageRecord> records = ImageFolder.Read(folder, ImageFolder.Split.Training);
        foreach (bool label in new[] { false, true })
            if (records.Where(r => r.Label == label).Select(r => r.PatientId).Distinct().Count() < folds)
                throw new InvalidDatasetException(Path.GetFullPath(folder),
                    $"{folds} folds need at least {folds} patients of each class; {(label ? ImageFolder.PneumoniaClass : ImageFolder.NormalClass)} has fewer.");

        var preprocessor = new ImagePreprocessor(options.ImageSize, options.MaxImagePixels);
        IReadOnlyList<CrossValidator.Fold> trained = CrossValidator.Run(records, folds, options, preprocessor, progress, cancellationToken);
        PneumoniaCrossValidation result = Summarise(folder, records, trained, options, evaluationOptions, preprocessor);
        CrossValidator.DeleteCheckpoints(options, folds); // only now: a failure above can be resumed without training again
        return result;
    }

    /// <summary>Calibration, threshold and evaluation on the out-of-fold predictions; the fold and ensemble classifiers.</summary>
    /// <remarks>The fold classifiers take over the trained networks; the ensemble holds copies. Whatever is not handed over is disposed on failure.</remarks>
    private static PneumoniaCrossValidation Summarise(string folder, IReadOnlyList<ImageRecord> records,
        IReadOnlyList<CrossValidator.Fold> trained, PneumoniaTrainingOptions options, PneumoniaEvaluationOptions evaluationOptions,
        ImagePreprocessor preprocessor)
    {
        // Every scored image with its fold, in path order.
        var scored = trained
            .SelectMany(f => f.Training.ValidationRecords.Select((r, i) => (Record: r, Fold: f.Index + 1, Logit: f.Training.ValidationLogits[i])))
            .OrderBy(s => s.Record.ImagePath, StringComparer.Ordinal).ToArray();
        ImageRecord[] scoredRecords = scored.Select(s => s.Record).ToArray();
        bool[] labels = scoredRecords.Select(r => r.Label).ToArray();
        float[] logits = scored.Select(s => s.Logit).ToArray();

        (double slope, double intercept) = PlattScaling.Fit(labels, logits);
        float[] probabilities = logits.Select(l => PlattScaling.Apply(l, slope, intercept)).ToArray();
        int patients = scoredRecords.Select(r => r.PatientId).Distinct().Count();
        (double threshold, PneumoniaThresholdOrigin origin) = ThresholdSelector.Choose(options, labels, probabilities,
            PneumoniaThresholdSource.OutOfFoldPredictions, patients, trained.Count);
        PneumoniaEvaluation outOfFold = EvaluationCalculator.Compute(Path.GetFullPath(folder), scoredRecords, probabilities,
            threshold, $"It was chosen on these same predictions ({origin}), so threshold-bound figures lean optimistic.", evaluationOptions);

        var classifiers = new List<PneumoniaClassifier>(trained.Count);
        EnsembleNetwork? ensemble = null;
        try
        {
            // Copies first: once a fold classifier owns its network, the ensemble can no longer read it safely on failure.
            ensemble = new EnsembleNetwork(trained.Select(f => Copy(f.Training.Network, options)).ToArray());
            // The int8 ranges are measured on images that are known to decode (unreadable ones may have been skipped).
            DecodedImages calibrationImages = preprocessor.Decode(OnnxCalibration.Spread(scoredRecords, OnnxCalibration.DefaultImageCount));
            var metadata = new ModelMetadata(options.Architecture, options.ImageSize, threshold,
                origin.WithNote($"the {trained.Count} fold networks answer together (mean logit)"), options.Seed,
                trained[0].Training.History, trained[0].Training.History.Count, outOfFold.Metrics,
                trained.SelectMany(f => f.Training.Skipped).DistinctBy(s => s.Path).ToArray(), LibraryVersion,
                ActivationRanges: OnnxCalibration.Measure(ensemble, options.ImageSize, calibrationImages.Pixels),
                CalibrationSlope: slope, CalibrationIntercept: intercept, EnsembleSize: trained.Count,
                OperatingPoints: ThresholdSelector.OperatingPoints(labels, probabilities, threshold));
            // The ensemble's own features, on a spread of the images (every one trained some member: no held-out set).
            DecodedImages fitImages = preprocessor.Decode(OnnxCalibration.Spread(scoredRecords, FeatureSample.MaximumTrainingImages));
            ensemble.eval();
            ChannelsLast.Apply(ensemble);
            metadata = metadata with
            {
                InputCheck = FitFeatureStatistics(FeatureSample.Measure(ensemble, options.ImageSize, fitImages.Pixels, null), metadata),
            };

            foreach (CrossValidator.Fold fold in trained)
            {
                float[] heldOut = fold.Training.ValidationLogits.Select(l => PlattScaling.Apply(l, slope, intercept)).ToArray();
                Trainer.Result result = fold.Training with
                {
                    Threshold = threshold,
                    ThresholdOrigin = origin,
                    Validation = MetricsCalculator.Compute(fold.Training.ValidationRecords.Select(r => r.Label).ToArray(), heldOut, threshold),
                };
                classifiers.Add(FromTraining(result, options, slope, intercept, metadata.OperatingPoints));
            }
            var ensembleClassifier = new PneumoniaClassifier(TorchNetwork.Of(ensemble, options.Architecture, options.ImageSize, trained.Count), metadata);
            ensemble = null; // the classifier owns it now
            return new PneumoniaCrossValidation(classifiers, ensembleClassifier, scored.Select(s => s.Fold).ToArray(), outOfFold, slope, intercept,
                records, options.Clone());
        }
        catch
        {
            ensemble?.Dispose();
            foreach (CrossValidator.Fold fold in trained.Skip(classifiers.Count)) fold.Training.Network.Dispose();
            foreach (PneumoniaClassifier classifier in classifiers) classifier.Dispose();
            throw;
        }
    }

    /// <summary>See <see cref="PneumoniaCrossValidation.TrainOnAllPatients"/>.</summary>
    internal static PneumoniaClassifier TrainOnAllPatients(PneumoniaCrossValidation cv,
        IProgress<PneumoniaTrainingProgress>? progress, CancellationToken cancellationToken)
    {
        PneumoniaTrainingOptions options = cv.Options.Clone();
        options.EarlyStoppingPatience = 0;
        options.CheckpointPath = options.CheckpointPath is { } path ? path + ".all" : null;
        TorchRuntime.EnsureLoaded();
        string fingerprint = Checkpoint.FingerprintOf(options, cv.Records) + "|all patients";
        Trainer.Result result = Trainer.Train(cv.Records, [], fingerprint, options, new ImagePreprocessor(options.ImageSize, options.MaxImagePixels),
            progress, cancellationToken);
        try
        {
            ModelMetadata chosen = cv.Ensemble._metadata;
            // The rule and where it was applied, without the ensemble's note.
            PneumoniaThresholdOrigin origin = cv.FoldClassifiers[0]._metadata.ThresholdOrigin;
            int patients = cv.Records.Select(r => r.PatientId).Distinct().Count();
            var metadata = new ModelMetadata(options.Architecture, options.ImageSize, chosen.Threshold,
                origin.WithNote($"this network was then trained on all {cv.Records.Count} images of the {patients} patients"),
                options.Seed, result.History, result.BestEpoch, cv.OutOfFold.Metrics, result.Skipped, LibraryVersion,
                ActivationRanges: result.ActivationRanges, CalibrationSlope: cv.CalibrationSlope, CalibrationIntercept: cv.CalibrationIntercept,
                OperatingPoints: chosen.OperatingPoints);
            metadata = metadata with { InputCheck = FitFeatureStatistics(result.FeatureSample, metadata) };
            return new PneumoniaClassifier(TorchNetwork.Of(result.Network, options.Architecture, options.ImageSize), metadata);
        }
        catch
        {
            result.Network.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Replaces the decision rule (threshold, its origin, operating points): for a threshold chosen after training
    /// on the same out-of-fold predictions, such as the benchmarks' threshold that holds up best under site-like shifts.
    /// </summary>
    internal void ReplaceDecisionRule(double threshold, PneumoniaThresholdOrigin origin, IReadOnlyList<PneumoniaOperatingPoint> operatingPoints)
    {
        if (!(threshold > 0 && threshold < 1)) throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "must lie in (0, 1)");
        ArgumentNullException.ThrowIfNull(origin);
        WhileAlive(() => _metadata = _metadata with { Threshold = threshold, ThresholdOrigin = origin, OperatingPoints = operatingPoints });
    }

    /// <summary>A fresh network of the recipe's architecture holding <paramref name="network"/>'s weights.</summary>
    private static nn.Module<Tensor, Tensor> Copy(nn.Module<Tensor, Tensor> network, PneumoniaTrainingOptions options)
    {
        nn.Module<Tensor, Tensor> copy = NetworkFactory.Create(options.Architecture, options.ImageSize, pretrained: false);
        copy.load_state_dict(network.state_dict(), strict: true);
        return copy;
    }
}
