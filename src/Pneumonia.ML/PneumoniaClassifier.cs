using Pneumonia.ML.Data;
using Pneumonia.ML.Engines;
using Pneumonia.ML.Models;
using Pneumonia.ML.Persistence;
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
    private readonly PredictionPipeline _pipeline;
    private ModelMetadata _metadata; // replaced whole (atomically) when the input check is fitted or the decision rule replaced

    /// <param name="network">The network; the classifier owns it from now on, and disposes it if this constructor throws.</param>
    /// <param name="metadata">What the model file says about it.</param>
    /// <param name="inference">The engine to predict with; null for TorchSharp.</param>
    private PneumoniaClassifier(TorchNetwork network, ModelMetadata metadata, PneumoniaInferenceOptions? inference = null)
    {
        _network = network;
        try
        {
            network.ReuseLargeBlocks = inference?.ReuseLargeBlocks ?? true;
            var preprocessor = new ImagePreprocessor(metadata.ImageSize, inference?.MaxImagePixels ?? ImageDecoder.DefaultMaxPixels);
            Engine = inference?.Engine ?? PneumoniaInferenceEngine.TorchSharp;
            (IScoringEngine engine, _metadata) = EngineFactory.Create(network, metadata, inference, preprocessor);
            _pipeline = new PredictionPipeline(engine, preprocessor, () => _metadata, inference?.RejectUnusualImages ?? false,
                typeof(PneumoniaClassifier), alsoOwned: network);
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

    /// <summary>How <see cref="Threshold"/> was chosen, in words (for reports): <see cref="ThresholdOrigin"/>'s description.</summary>
    public string ThresholdChoice => _metadata.ThresholdOrigin.Description;

    /// <summary>How <see cref="Threshold"/> was chosen, as data: the rule, and the predictions and patients it was chosen on.</summary>
    public PneumoniaThresholdOrigin ThresholdOrigin => _metadata.ThresholdOrigin;

    /// <summary>
    /// Thresholds a clinician can ask for, with the sensitivity and specificity each gave on the predictions it was
    /// chosen on: the classifier's own, and for sensitivity and specificity of at least 0.90, 0.95 and 0.99. Filled for
    /// models made by <see cref="CrossValidate"/> (chosen on the out-of-fold predictions); empty otherwise. To answer at
    /// one of them, compare <see cref="PneumoniaPrediction.Probability"/> with its <see cref="PneumoniaOperatingPoint.Threshold"/>.
    /// </summary>
    public IReadOnlyList<PneumoniaOperatingPoint> OperatingPoints => _metadata.OperatingPoints ?? [];

    /// <summary>The figures of every training epoch, in order.</summary>
    public IReadOnlyList<PneumoniaEpochSummary> TrainingHistory => _metadata.TrainingHistory;

    /// <summary>The epoch whose weights the classifier holds (the best on validation loss when early stopping is on).</summary>
    public int BestEpoch => _metadata.BestEpoch;

    /// <summary>Training images left out as unreadable (only with <see cref="PneumoniaTrainingOptions.SkipUnreadableImages"/>).</summary>
    public IReadOnlyList<PneumoniaSkippedImage> SkippedImages => _metadata.SkippedImages ?? [];

    /// <summary>Metrics on the patient-level validation split at <see cref="Threshold"/>; null when trained without one.</summary>
    public PneumoniaMetrics? ValidationMetrics => _metadata.ValidationMetrics;

    /// <summary>
    /// True when the model holds the feature statistics of its training X-rays, so that every prediction's
    /// <see cref="PneumoniaPrediction.InputCheck"/> also measures the distance of the image's features from them. False
    /// for model files saved before the input check (only the image checks then run); <see cref="FitInputCheck(string, CancellationToken)"/> adds them.
    /// </summary>
    public bool HasFeatureStatistics => _metadata.InputCheck is not null;

    /// <summary>
    /// Predicts one X-ray file (JPEG or PNG). The prediction's <see cref="PneumoniaPrediction.InputCheck"/> says whether
    /// the image looks like a chest X-ray the classifier was trained on.
    /// </summary>
    /// <exception cref="InvalidImageException">The file is missing, unreadable, or not a usable JPEG or PNG image.</exception>
    /// <exception cref="UnusualImageException">The image is unusual and <see cref="PneumoniaInferenceOptions.RejectUnusualImages"/> is set.</exception>
    public PneumoniaPrediction Predict(string imagePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(imagePath);
        return _pipeline.Predict(imagePath);
    }

    /// <summary>
    /// Predicts many X-ray files at once: decoded on all cores, then run through the network in batches, which is
    /// several times faster per image than one <see cref="Predict(string)"/> call each. Results are in input order.
    /// </summary>
    /// <exception cref="InvalidImageException">A file is missing, unreadable, or not a usable JPEG or PNG image (the first such, in input order).</exception>
    /// <exception cref="UnusualImageException">An image is unusual and <see cref="PneumoniaInferenceOptions.RejectUnusualImages"/> is set (the first such, in input order).</exception>
    public IReadOnlyList<PneumoniaPrediction> Predict(IEnumerable<string> imagePaths)
    {
        ArgumentNullException.ThrowIfNull(imagePaths);
        return _pipeline.Predict(imagePaths);
    }

    /// <summary>Predicts one X-ray read from a stream (JPEG or PNG bytes); at most 4 bytes per pixel of <see cref="PneumoniaInferenceOptions.MaxImagePixels"/> (and 1 MiB) are read.</summary>
    /// <exception cref="InvalidImageException">The stream holds more, or the bytes cannot be decoded.</exception>
    /// <exception cref="UnusualImageException">The image is unusual and <see cref="PneumoniaInferenceOptions.RejectUnusualImages"/> is set.</exception>
    public PneumoniaPrediction Predict(Stream image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return _pipeline.Predict(image);
    }

    /// <summary>Predicts one X-ray from the bytes of a JPEG or PNG file.</summary>
    /// <exception cref="InvalidImageException">The bytes cannot be decoded.</exception>
    /// <exception cref="UnusualImageException">The image is unusual and <see cref="PneumoniaInferenceOptions.RejectUnusualImages"/> is set.</exception>
    public PneumoniaPrediction Predict(byte[] image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return _pipeline.Predict(image);
    }

    /// <summary>The network's layers with their output shapes and parameter counts, like Keras' <c>model.summary()</c>.</summary>
    public IReadOnlyList<PneumoniaLayerSummary> DescribeNetwork() =>
        WhileAlive(() => NetworkSummary.Describe(_network.Module, ImageSize));

    /// <summary>Frees the network's native memory once calls under way have finished.</summary>
    public void Dispose() => _pipeline.Dispose();

    /// <summary>
    /// Probabilities for decoded images from this classifier's engine; with a <paramref name="transform"/> (benchmarks
    /// use it to shift the images), from TorchSharp, each batch passed through it first.
    /// </summary>
    internal float[] Probabilities(DecodedImages images, Func<Tensor, Tensor>? transform = null) => WhileAlive(() =>
        Array.ConvertAll(transform is null ? _pipeline.Engine.Score(images.Pixels).Logits : _network.Logits(images.Pixels, default, transform),
            _metadata.Probability));

    /// <summary>The decoder and ML.NET transforms this classifier feeds its network with.</summary>
    internal ImagePreprocessor Preprocessor => _pipeline.Preprocessor;

    private T WhileAlive<T>(Func<T> action) => _pipeline.WhileAlive(action);

    private static string LibraryVersion =>
        typeof(PneumoniaClassifier).Assembly.GetName().Version?.ToString() ?? "unknown";
}
