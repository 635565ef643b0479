using Pneumonia.ML.Data;
using Pneumonia.ML.InputCheck;
using Pneumonia.ML.Persistence;
using Pneumonia.ML.Quantization;

namespace Pneumonia.ML;

public sealed partial class PneumoniaClassifier
{
    /// <summary>
    /// Measures the network's features on a folder of the X-rays it was trained on and keeps their statistics, so that
    /// every prediction's <see cref="PneumoniaPrediction.InputCheck"/> also measures how far an image's features lie from
    /// them; <see cref="Save(string, PneumoniaWeightPrecision)"/> then stores them. Training does this by itself; call it for models saved before the input
    /// check existed. Up to 2,048 images are used, spread evenly over the sorted file names; any statistics held before
    /// are replaced. Use the training images (held-out X-rays of the same site also do); never images you will evaluate on.
    /// </summary>
    /// <param name="trainingFolder">A folder of X-rays, searched with its subfolders (labels not needed).</param>
    /// <param name="cancellationToken">Stops scoring between batches.</param>
    /// <exception cref="InvalidDatasetException">The folder is missing or holds fewer than 10 images.</exception>
    /// <exception cref="InvalidImageException">An image cannot be decoded; the exception names it.</exception>
    public void FitInputCheck(string trainingFolder, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(trainingFolder);
        IReadOnlyList<ImageRecord> records = OnnxCalibration.FolderImages(trainingFolder);
        if (records.Count < FeatureStatistics.MinimumImageCount)
            throw new InvalidDatasetException(Path.GetFullPath(trainingFolder),
                $"it holds {records.Count} images; the input check needs at least {FeatureStatistics.MinimumImageCount}.");
        FitInputCheck(records, cancellationToken);
    }

    /// <summary><see cref="FitInputCheck(string, CancellationToken)"/> on listed images (benchmarks fit on a split's training patients).</summary>
    internal void FitInputCheck(IReadOnlyList<ImageRecord> images, CancellationToken cancellationToken = default)
    {
        var records = OnnxCalibration.Spread(images, FeatureSample.MaximumTrainingImages);
        WhileAlive(() =>
        {
            DecodedImages images = Preprocessor.Decode(records, cancellationToken);
            FeatureSample sample = FeatureSample.Measure(_network.Module, ImageSize, images.Pixels, null, cancellationToken);
            _metadata = _metadata with { InputCheck = FitFeatureStatistics(sample, _metadata) };
            return true;
        });
    }

    /// <summary>
    /// Checks a folder of unlabelled images from a new site before its predictions are trusted: how many look unlike the
    /// training X-rays, how far the network's features have moved from the training ones, and whether the share called
    /// pneumonia differs from the share called pneumonia among the training images, with a verdict in plain words.
    /// </summary>
    /// <param name="folder">The site's images, searched with its subfolders (labels not needed).</param>
    /// <param name="cancellationToken">Stops scoring between batches.</param>
    /// <exception cref="InvalidDatasetException">The folder is missing or holds no images.</exception>
    /// <exception cref="InvalidImageException">An image cannot be decoded; the exception names it.</exception>
    public PneumoniaSiteCheck CheckSite(string folder, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        IReadOnlyList<ImageRecord> records = OnnxCalibration.FolderImages(folder);
        PneumoniaPrediction[] predictions = _pipeline.Predict(records, cancellationToken);
        return SiteCheck.Summarise(records.Select(r => r.ImagePath).ToArray(), predictions, _metadata.InputCheck);
    }

    /// <summary>The engine's pooled features of decoded images (benchmarks time the check apart from the forward pass).</summary>
    internal float[][] FeaturesForBenchmark(IReadOnlyList<byte[]> pixels) => WhileAlive(() => _pipeline.Engine.Score(pixels).Features);

    /// <summary>The stored feature statistics; null when the model has none.</summary>
    internal FeatureStatistics? FeatureStatisticsForBenchmark => _metadata.InputCheck;

    /// <summary>The input check's statistics of a trained network's sample under a classifier's calibration and threshold.</summary>
    private static FeatureStatistics? FitFeatureStatistics(FeatureSample? sample, ModelMetadata metadata) =>
        sample is null ? null : FeatureStatistics.Fit(sample.Training, sample.HeldOut, logit => metadata.Probability(logit) >= metadata.Threshold);
}
