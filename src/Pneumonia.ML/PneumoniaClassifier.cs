using Pneumonia.ML.Data;
using Pneumonia.ML.Engines;
using Pneumonia.ML.Evaluation;
using Pneumonia.ML.Models;
using Pneumonia.ML.Native;
using Pneumonia.ML.Persistence;
using Pneumonia.ML.Training;
using static TorchSharp.torch;

namespace Pneumonia.ML;

/// <summary>
/// Detects pneumonia in chest X-rays: train a network on a folder of labelled images, evaluate it, predict single
/// images, save and load it. Every method may be called from many threads at once; <see cref="Dispose"/> waits for
/// calls under way and makes later calls throw <see cref="ObjectDisposedException"/>.
/// </summary>
/// <example>
/// <code>
/// using var classifier = PneumoniaClassifier.Train("chest_xray/train", new PneumoniaTrainingOptions { Epochs = 5 });
/// PneumoniaMetrics metrics = classifier.Evaluate("chest_xray/test");
/// PneumoniaPrediction prediction = classifier.Predict("patient42.jpeg");
/// classifier.Save("pneumonia.model");
/// </code>
/// </example>
public sealed partial class PneumoniaClassifier : IDisposable
{
    /// <summary>The label of X-rays with pneumonia (the positive class), as in the dataset's folder names.</summary>
    public const string PneumoniaLabel = ImageFolder.PneumoniaClass;

    /// <summary>The label of normal X-rays, as in the dataset's folder names.</summary>
    public const string NormalLabel = ImageFolder.NormalClass;

    private readonly TorchNetwork _network;
    private readonly IScoringEngine _engine;
    private readonly ImagePreprocessor _preprocessor;
    private readonly ModelMetadata _metadata;
    private readonly ReaderWriterLockSlim _lifetime = new(LockRecursionPolicy.SupportsRecursion);
    private bool _disposed;

    /// <param name="network">The network; the classifier owns it from now on, and disposes it if this constructor throws.</param>
    /// <param name="metadata">What the model file says about it.</param>
    /// <param name="inference">The engine to predict with; null for TorchSharp.</param>
    private PneumoniaClassifier(TorchNetwork network, ModelMetadata metadata, PneumoniaInferenceOptions? inference = null)
    {
        _network = network;
        try
        {
            _preprocessor = new ImagePreprocessor(metadata.ImageSize);
            Engine = inference?.Engine ?? PneumoniaInferenceEngine.TorchSharp;
            (_engine, _metadata) = EngineFactory.Create(network, metadata, inference, _preprocessor);
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    /// <summary>The network itself (eval mode, channels-last weights), for exporters and benchmarks.</summary>
    internal nn.Module<Tensor, Tensor> Network => _network.Module;

    /// <summary>The network this classifier runs.</summary>
    public PneumoniaArchitecture Architecture => _metadata.Architecture;

    /// <summary>Side in pixels that images are resized to before they reach the network.</summary>
    public int ImageSize => _metadata.ImageSize;

    /// <summary>Probability at or above which an image is called pneumonia.</summary>
    public double Threshold => _metadata.Threshold;

    /// <summary>How <see cref="Threshold"/> was chosen, in words (for reports).</summary>
    public string ThresholdChoice => _metadata.ThresholdChoice;

    /// <summary>The figures of every training epoch, in order.</summary>
    public IReadOnlyList<PneumoniaEpochSummary> TrainingHistory => _metadata.TrainingHistory;

    /// <summary>The epoch whose weights the classifier holds (the best on validation loss when early stopping is on).</summary>
    public int BestEpoch => _metadata.BestEpoch;

    /// <summary>Training images left out as unreadable (only with <see cref="PneumoniaTrainingOptions.SkipUnreadableImages"/>).</summary>
    public IReadOnlyList<PneumoniaSkippedImage> SkippedImages => _metadata.SkippedImages ?? [];

    /// <summary>Metrics on the patient-level validation split at <see cref="Threshold"/>; null when trained without one.</summary>
    public PneumoniaMetrics? ValidationMetrics => _metadata.ValidationMetrics;

    /// <summary>
    /// Trains a network on a folder of labelled X-rays: either a folder holding <c>NORMAL/</c> and <c>PNEUMONIA/</c>
    /// subfolders, or the Kaggle root holding <c>train/</c> (and <c>val/</c>, used as training data too) and
    /// <c>test/</c> (left untouched). Files ending in .jpeg, .jpg or .png, in any letter case, are read; others ignored.
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

        IReadOnlyList<ImageRecord> records = ImageFolder.Read(folder, ImageFolder.Split.Training);
        var preprocessor = new ImagePreprocessor(options.ImageSize);
        return FromTraining(Trainer.Train(records, options, preprocessor, progress, cancellationToken), options);
    }

    /// <summary>A classifier around a network the trainer has just trained (it owns the network from now on).</summary>
    private static PneumoniaClassifier FromTraining(Trainer.Result result, PneumoniaTrainingOptions options,
        double calibrationSlope = 1, double calibrationIntercept = 0)
    {
        var metadata = new ModelMetadata(options.Architecture, options.ImageSize, result.Threshold, result.ThresholdChoice,
            options.Seed, result.History, result.BestEpoch, result.Validation, result.Skipped, LibraryVersion,
            ActivationRanges: result.ActivationRanges, CalibrationSlope: calibrationSlope, CalibrationIntercept: calibrationIntercept);
        return new PneumoniaClassifier(TorchNetwork.Of(result.Network, options.Architecture, options.ImageSize), metadata);
    }

    /// <summary>Loads a model written by <see cref="Save"/>.</summary>
    /// <param name="path">The model file.</param>
    /// <param name="options">Which engine predicts and evaluates; null for TorchSharp.</param>
    /// <exception cref="InvalidModelFileException">The file is missing, not a model, damaged, or from a newer version.</exception>
    /// <exception cref="InvalidOperationException">The int8 engine was asked for a model without calibration ranges and no <see cref="PneumoniaInferenceOptions.CalibrationFolder"/> was given.</exception>
    /// <exception cref="InvalidDatasetException">The calibration folder is missing or holds no images.</exception>
    /// <exception cref="InvalidImageException">A calibration image cannot be decoded; the exception names it.</exception>
    public static PneumoniaClassifier Load(string path, PneumoniaInferenceOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        options?.Validate();
        string fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath)) throw new InvalidModelFileException(fullPath, "the file does not exist.");
        return FromModelFile(File.ReadAllBytes(fullPath), fullPath, options);
    }

    /// <summary>
    /// Loads the model that ships inside the package: the default recipe (ImageNet ResNet18 fine-tuned at 160 px) trained
    /// on the Kaggle "Chest X-Ray Images (Pneumonia)" training folder, 80% of its patients, the other 20% choosing the
    /// epoch and the threshold; weights stored as int8. Predicting needs no training and no download. Its validation
    /// and robustness figures are in the README. Not a medical device. It stores calibration ranges, so every
    /// <see cref="PneumoniaInferenceEngine"/> can run it.
    /// </summary>
    /// <param name="options">Which engine predicts and evaluates; null for TorchSharp.</param>
    public static PneumoniaClassifier LoadDefault(PneumoniaInferenceOptions? options = null)
    {
        options?.Validate();
        const string resource = "Pneumonia.ML.DefaultModel.pnm";
        using Stream stream = typeof(PneumoniaClassifier).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidModelFileException(resource, "the default model is missing from the Pneumonia.ML assembly.");
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return FromModelFile(bytes.ToArray(), resource, options);
    }

    private static PneumoniaClassifier FromModelFile(byte[] file, string source, PneumoniaInferenceOptions? options)
    {
        TorchRuntime.EnsureLoaded();
        (ModelMetadata metadata, byte[] weights) = ModelFile.Read(file, source);
        TorchNetwork network = SavedNetwork.Read(metadata, weights, source);
        try
        {
            return new PneumoniaClassifier(network, metadata, options);
        }
        catch (InvalidDataException e) // stored calibration ranges that do not fit the exported graph
        {
            throw new InvalidModelFileException(source, "its calibration ranges do not fit the network.", e);
        }
    }

    /// <summary>
    /// Scores every image of a labelled folder (the layouts of <see cref="Train"/>; for a Kaggle root, its
    /// <c>test/</c> folder) at this classifier's <see cref="Threshold"/>.
    /// </summary>
    /// <exception cref="InvalidDatasetException">The folder is missing, wrongly laid out, or lacks a class.</exception>
    /// <exception cref="InvalidImageException">An image cannot be decoded; the exception names it.</exception>
    public PneumoniaMetrics Evaluate(string folder, CancellationToken cancellationToken = default)
    {
        (IReadOnlyList<ImageRecord> records, float[] probabilities) = ScoreFolder(folder, cancellationToken);
        return MetricsCalculator.Compute(records.Select(r => r.Label).ToArray(), probabilities, Threshold);
    }

    /// <summary>Reads a labelled folder (for a Kaggle root, its test/) and scores every image in batches.</summary>
    private (IReadOnlyList<ImageRecord> Records, float[] Probabilities) ScoreFolder(string folder, CancellationToken cancellationToken)
    {
        IReadOnlyList<ImageRecord> records = ImageFolder.Read(folder, ImageFolder.Split.Test);
        float[] probabilities = WhileAlive(() => Score(_preprocessor.Decode(records, cancellationToken).Pixels, cancellationToken));
        return (records, probabilities);
    }

    /// <summary>Predicts one X-ray file (JPEG or PNG).</summary>
    /// <exception cref="InvalidImageException">The file is missing, unreadable, or not a usable JPEG or PNG image.</exception>
    public PneumoniaPrediction Predict(string imagePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(imagePath);
        return WhileAlive(() => Classify(_preprocessor.DecodeFile(imagePath)));
    }

    /// <summary>
    /// Predicts many X-ray files at once: decoded on all cores, then run through the network in batches, which is
    /// several times faster per image than one <see cref="Predict(string)"/> call each. Results are in input order.
    /// </summary>
    /// <exception cref="InvalidImageException">A file is missing, unreadable, or not a usable JPEG or PNG image (the first such, in input order).</exception>
    public IReadOnlyList<PneumoniaPrediction> Predict(IEnumerable<string> imagePaths)
    {
        ArgumentNullException.ThrowIfNull(imagePaths);
        ImageRecord[] records = imagePaths.Select(path => new ImageRecord { ImagePath = path }).ToArray();
        return WhileAlive(() => Score(_preprocessor.Decode(records).Pixels, CancellationToken.None).Select(ToPrediction).ToArray());
    }

    /// <summary>Predicts one X-ray read from a stream (JPEG or PNG bytes).</summary>
    /// <exception cref="InvalidImageException">The bytes cannot be decoded.</exception>
    public PneumoniaPrediction Predict(Stream image)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var copy = new MemoryStream();
        image.CopyTo(copy);
        return WhileAlive(() => Classify(_preprocessor.Decode(copy.ToArray(), "(stream)")));
    }

    /// <summary>Predicts one X-ray from the bytes of a JPEG or PNG file.</summary>
    /// <exception cref="InvalidImageException">The bytes cannot be decoded.</exception>
    public PneumoniaPrediction Predict(byte[] image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return WhileAlive(() => Classify(_preprocessor.Decode(image, "(bytes)")));
    }

    /// <summary>The network's layers with their output shapes and parameter counts, like Keras' <c>model.summary()</c>.</summary>
    public IReadOnlyList<PneumoniaLayerSummary> DescribeNetwork() =>
        WhileAlive(() => NetworkSummary.Describe(_network.Module, ImageSize));

    /// <summary>Writes the model to one file. An existing file is replaced only once the new one is complete.</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="precision">How to store the weights; <see cref="PneumoniaWeightPrecision.Float32"/> keeps them exactly.</param>
    public void Save(string path, PneumoniaWeightPrecision precision = PneumoniaWeightPrecision.Float32)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!Enum.IsDefined(precision)) throw new ArgumentOutOfRangeException(nameof(precision), precision, "Unknown precision.");
        WhileAlive(() =>
        {
            ModelFile.Write(path, _metadata with { WeightPrecision = precision }, SavedNetwork.Write(_network, precision));
            return true;
        });
    }

    /// <summary>Frees the network's native memory once calls under way have finished.</summary>
    public void Dispose()
    {
        _lifetime.EnterWriteLock();
        try
        {
            if (_disposed) return;
            _disposed = true;
            _engine.Dispose();
            _network.Dispose();
        }
        finally
        {
            _lifetime.ExitWriteLock();
        }
    }

    /// <summary>
    /// Probabilities for decoded images from this classifier's engine; with a <paramref name="transform"/> (benchmarks
    /// use it to shift the images), from TorchSharp, each batch passed through it first.
    /// </summary>
    internal float[] Probabilities(DecodedImages images, Func<Tensor, Tensor>? transform = null) => WhileAlive(() =>
        transform is null ? Score(images.Pixels, CancellationToken.None) : Calibrated(_network.Logits(images.Pixels, default, transform)));

    /// <summary>The decoder and ML.NET transforms this classifier feeds its network with.</summary>
    internal ImagePreprocessor Preprocessor => _preprocessor;

    /// <summary>Calibrated probabilities of decoded images from the engine. Callers hold the lifetime lock.</summary>
    private float[] Score(IReadOnlyList<byte[]> pixels, CancellationToken cancellationToken) =>
        Calibrated(_engine.Logits(pixels, cancellationToken));

    /// <summary>Runs the network on one decoded image. Callers hold the lifetime lock.</summary>
    private PneumoniaPrediction Classify(byte[] pixels) => ToPrediction(Score([pixels], CancellationToken.None)[0]);

    private float[] Calibrated(float[] logits) => Array.ConvertAll(logits, _metadata.Probability);

    private PneumoniaPrediction ToPrediction(float probability) =>
        new(probability >= Threshold ? PneumoniaLabel : NormalLabel, probability, Threshold);

    private T WhileAlive<T>(Func<T> action)
    {
        _lifetime.EnterReadLock();
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return action();
        }
        finally
        {
            _lifetime.ExitReadLock();
        }
    }

    private static string LibraryVersion =>
        typeof(PneumoniaClassifier).Assembly.GetName().Version?.ToString() ?? "unknown";
}
