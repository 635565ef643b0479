using Pneumonia.ML.Data;
using Pneumonia.ML.Models;
using Pneumonia.ML.Native;
using Pneumonia.ML.Persistence;
using Pneumonia.ML.Training;

namespace Pneumonia.ML;

public sealed partial class PneumoniaClassifier
{
    /// <summary>
    /// Trains a network on a folder of labelled X-rays: either a folder holding <c>NORMAL/</c> and <c>PNEUMONIA/</c>
    /// subfolders, or the Kaggle root holding <c>train/</c> (and <c>val/</c>, used as training data too) and
    /// <c>test/</c> (left untouched). Files ending in .jpeg, .jpg or .png, in any letter case, are read; others ignored.
    /// With <see cref="PneumoniaTrainingOptions.Classes"/>, any number of classes (folders, the file names' bacteria and
    /// virus, or a rule).
    /// </summary>
    /// <param name="folder">The folder of labelled images.</param>
    /// <param name="options">How to train; null for the defaults.</param>
    /// <param name="progress">Receives a report after every batch and every epoch.</param>
    /// <param name="cancellationToken">Stops training before the next batch; the method then throws <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="InvalidDatasetException">The folder is missing, wrongly laid out, or lacks a class.</exception>
    /// <exception cref="InvalidImageException">An image cannot be decoded; the exception names it.</exception>
    public static PneumoniaClassifier Train(string folder, PneumoniaTrainingOptions? options = null,
        IProgress<PneumoniaTrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        options ??= new PneumoniaTrainingOptions();
        options.Validate();
        TorchRuntime.EnsureLoaded();

        var preprocessor = new ImagePreprocessor(options.ImageSize, options.MaxImagePixels);
        if (!options.Classes.IsBinary) return TrainClasses(folder, options, preprocessor, progress, cancellationToken);
        IReadOnlyList<ImageRecord> records = ImageFolder.Read(folder, ImageFolder.Split.Training);
        return FromTraining(Trainer.Train(records, options, preprocessor, progress, cancellationToken), options);
    }

    /// <summary>Trains on records read elsewhere than a folder (an ML.NET <c>IDataView</c>: see <see cref="PneumoniaEstimator"/>).</summary>
    internal static PneumoniaClassifier TrainOnRecords(IReadOnlyList<ImageRecord> records, PneumoniaTrainingOptions options,
        ImagePreprocessor preprocessor, IProgress<PneumoniaTrainingProgress>? progress, CancellationToken cancellationToken)
    {
        options.Validate();
        options.RequireBinary("Training from records");
        TorchRuntime.EnsureLoaded();
        return FromTraining(Trainer.Train(records, options, preprocessor, progress, cancellationToken), options);
    }

    /// <summary>A classifier around a network the trainer has just trained (it owns the network from now on).</summary>
    private static PneumoniaClassifier FromTraining(Trainer.Result result, PneumoniaTrainingOptions options,
        double calibrationSlope = 1, double calibrationIntercept = 0, IReadOnlyList<PneumoniaOperatingPoint>? operatingPoints = null)
    {
        var metadata = new ModelMetadata(options.Architecture, options.ImageSize, result.Threshold, result.ThresholdOrigin,
            options.Seed, result.History, result.BestEpoch, result.Validation, result.Skipped, LibraryVersion,
            ActivationRanges: result.ActivationRanges, CalibrationSlope: calibrationSlope, CalibrationIntercept: calibrationIntercept,
            OperatingPoints: operatingPoints);
        metadata = metadata with { InputCheck = FitFeatureStatistics(result.FeatureSample, metadata) };
        return new PneumoniaClassifier(TorchNetwork.Of(result.Network, options.Architecture, options.ImageSize), metadata);
    }
}
