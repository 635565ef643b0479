using Pneumonia.ML.Data;
using Pneumonia.ML.Engines;
using Pneumonia.ML.Evaluation;
using Pneumonia.ML.IO;
using Pneumonia.ML.Persistence;

namespace Pneumonia.ML;

/// <summary>
/// Predicts pneumonia in chest X-rays, and evaluates on labelled folders, with a model trained by Pneumonia.ML, on ONNX
/// Runtime only (no libtorch, no ML.NET). It gives the same answers as Pneumonia.ML's <c>PneumoniaClassifier</c> on its
/// ONNX Runtime engine for the same model: the same decoding, graph, calibration, threshold and input check. Load the
/// shipped model with <see cref="LoadDefault"/>, or a model a <c>PneumoniaClassifier</c> exported with
/// <c>ExportInferenceModel</c>. Every method may be called from many threads at once; <see cref="Dispose"/> waits for
/// calls under way and makes later calls throw <see cref="ObjectDisposedException"/>.
/// </summary>
/// <example>
/// <code>
/// using var predictor = PneumoniaPredictor.LoadDefault();
/// PneumoniaPrediction prediction = predictor.Predict("patient42.jpeg");
/// Console.WriteLine($"{prediction.Label} (p = {prediction.Probability:F3})");
/// </code>
/// </example>
public sealed class PneumoniaPredictor : IDisposable
{
    /// <summary>The label of X-rays with pneumonia (the positive class), as in the dataset's folder names.</summary>
    public const string PneumoniaLabel = ImageFolder.PneumoniaClass;

    /// <summary>The label of normal X-rays, as in the dataset's folder names.</summary>
    public const string NormalLabel = ImageFolder.NormalClass;

    /// <summary>What <c>PneumoniaClasses.NormalPneumonia.Description</c> says in Pneumonia.ML.</summary>
    private const string BinaryClassesDescription = "NORMAL and PNEUMONIA folders";

    private const string DefaultResource = "Pneumonia.ML.Inference.DefaultModel.pnmi";

    private readonly InferenceModel _model;
    private readonly PredictionPipeline _pipeline;

    private PneumoniaPredictor(InferenceModel model, PneumoniaPredictorOptions? options, string source)
    {
        _model = model;
        int threads = options?.Threads is > 0 and var t ? t : Environment.ProcessorCount;
        OnnxRuntimeEngine engine;
        try
        {
            engine = new OnnxRuntimeEngine(model.Graph, model.ImageSize, threads);
        }
        catch (Microsoft.ML.OnnxRuntime.OnnxRuntimeException e)
        {
            throw new InvalidModelFileException(source, "its ONNX graph cannot be loaded by ONNX Runtime.", e);
        }
        // Refuse a graph whose input or outputs are not what the metadata says (a file whose sections were swapped or edited).
        if (!engine.HasContract(model.ImageSize, model.InputCheck?.Mean.Length, model.Classes, out string problem))
        {
            engine.Dispose();
            throw new InvalidModelFileException(source, problem);
        }
        var preprocessor = new ImagePreprocessor(model.ImageSize, options?.MaxImagePixels ?? ImageDecoder.DefaultMaxPixels);
        _pipeline = new PredictionPipeline(engine, preprocessor, () => _model, options?.RejectUnusualImages ?? false, typeof(PneumoniaPredictor));
    }

    /// <summary>
    /// Loads an inference model file (<c>.pnmi</c>) that Pneumonia.ML's <c>PneumoniaClassifier.ExportInferenceModel</c> wrote.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="options">How to read images and answer; null for the defaults.</param>
    /// <exception cref="InvalidModelFileException">The file is missing, a folder, pipe or device, over 1.5 GiB, not an
    /// inference model, damaged, from a newer version, or a field of it is out of range; the exception names the file and the field.</exception>
    public static PneumoniaPredictor Load(string path, PneumoniaPredictorOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        options?.Validate();
        string fullPath = Path.GetFullPath(path);
        return new PneumoniaPredictor(InferenceModelFile.Read(InferenceModelFile.ReadFile(fullPath), fullPath), options, fullPath);
    }

    /// <summary>Loads an inference model from a stream holding a <c>.pnmi</c> file's bytes, read from its position to its end. The stream stays open.</summary>
    /// <param name="stream">The model's bytes.</param>
    /// <exception cref="InvalidModelFileException">The bytes are not an inference model, damaged, or from a newer version.</exception>
    public static PneumoniaPredictor Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return FromStream(stream, "(stream)", null);
    }

    /// <summary>
    /// Loads the model that ships inside the package: Pneumonia.ML's default model (ImageNet ResNet18 fine-tuned at
    /// 160 px on the Kaggle "Chest X-Ray Images (Pneumonia)" training folder) as its int8 ONNX graph, the graph
    /// Pneumonia.ML's <c>OnnxRuntimeInt8</c> engine runs, with the same threshold, calibration and input check.
    /// Predicting needs no training and no download. Not a medical device.
    /// </summary>
    /// <param name="options">How to read images and answer; null for the defaults.</param>
    public static PneumoniaPredictor LoadDefault(PneumoniaPredictorOptions? options = null)
    {
        options?.Validate();
        using Stream stream = typeof(PneumoniaPredictor).Assembly.GetManifestResourceStream(DefaultResource)
            ?? throw new InvalidModelFileException(DefaultResource, "the default model is missing from the Pneumonia.ML.Inference assembly.");
        return FromStream(stream, DefaultResource, options);
    }

    private static PneumoniaPredictor FromStream(Stream stream, string source, PneumoniaPredictorOptions? options)
    {
        byte[] bytes = BoundedFile.ReadRest(stream, ChecksummedFile.MaxFileBytes,
            (reason, inner) => new InvalidModelFileException(source, reason, inner), "an inference model");
        return new PneumoniaPredictor(InferenceModelFile.Read(bytes, source), options, source);
    }

    /// <summary>The network's name, as Pneumonia.ML's <c>PneumoniaArchitecture</c> calls it (for people).</summary>
    public string Architecture => _model.Architecture;

    /// <summary>Side in pixels that images are resized to before they reach the network.</summary>
    public int ImageSize => _model.ImageSize;

    /// <summary>Probability at or above which an image is called pneumonia.</summary>
    public double Threshold => _model.Threshold;

    /// <summary>How <see cref="Threshold"/> was chosen, in words (for reports): <see cref="ThresholdOrigin"/>'s description.</summary>
    public string ThresholdChoice => _model.ThresholdOrigin.Description;

    /// <summary>How <see cref="Threshold"/> was chosen, as data: the rule, and the predictions and patients it was chosen on.</summary>
    public PneumoniaThresholdOrigin ThresholdOrigin => _model.ThresholdOrigin;

    /// <summary>
    /// Thresholds a clinician can ask for, with the sensitivity and specificity each gave on the predictions it was chosen
    /// on (empty when the model has none). To answer at one of them, compare <see cref="PneumoniaPrediction.Probability"/>
    /// with its <see cref="PneumoniaOperatingPoint.Threshold"/>.
    /// </summary>
    public IReadOnlyList<PneumoniaOperatingPoint> OperatingPoints => _model.OperatingPoints;

    /// <summary>
    /// The classes the model tells apart, in index order (the order of <see cref="PneumoniaPrediction.ClassProbabilities"/>):
    /// <c>NORMAL</c> and <c>PNEUMONIA</c> for a binary model, the sorted class names for a softmax model (as
    /// Pneumonia.ML's <c>PneumoniaClassifier.Classes</c>).
    /// </summary>
    public IReadOnlyList<string> Classes => _model.Classes ?? ClassNames.Binary;

    /// <summary>Where the classes came from, in words (for reports), as Pneumonia.ML's <c>PneumoniaClassifier.ClassesDescription</c>.</summary>
    public string ClassesDescription => _model.ClassesDescription ?? BinaryClassesDescription;

    /// <summary>
    /// True for a model with a softmax head over <see cref="Classes"/> (exported from a multi-class <c>PneumoniaClassifier</c>):
    /// its predictions' <see cref="PneumoniaPrediction.ClassLabel"/> is the most probable class and
    /// <see cref="PneumoniaPrediction.Probability"/> is 1 − P(NORMAL). False for the binary model.
    /// </summary>
    public bool IsMulticlass => _model.Classes is not null;

    /// <summary>How the graph's weights are stored: <see cref="PneumoniaWeightPrecision.Int8"/> for the shipped model.</summary>
    public PneumoniaWeightPrecision WeightPrecision => _model.Precision;

    /// <summary>
    /// True when the model holds the feature statistics of its training X-rays, so that every prediction's
    /// <see cref="PneumoniaPrediction.InputCheck"/> also measures the distance of the image's features from them.
    /// </summary>
    public bool HasFeatureStatistics => _model.InputCheck is not null;

    /// <summary>Predicts one X-ray file (JPEG or PNG).</summary>
    /// <exception cref="InvalidImageException">The file is missing, unreadable, or not a usable JPEG or PNG image.</exception>
    /// <exception cref="UnusualImageException">The image is unusual and <see cref="PneumoniaPredictorOptions.RejectUnusualImages"/> is set.</exception>
    public PneumoniaPrediction Predict(string imagePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(imagePath);
        return _pipeline.Predict(imagePath);
    }

    /// <summary>
    /// Predicts many X-ray files at once: decoded on all cores, then run through the network in batches, which is faster
    /// per image than one <see cref="Predict(string)"/> call each. Results are in input order.
    /// </summary>
    /// <exception cref="InvalidImageException">A file is missing, unreadable, or not a usable JPEG or PNG image (the first such, in input order).</exception>
    /// <exception cref="UnusualImageException">An image is unusual and <see cref="PneumoniaPredictorOptions.RejectUnusualImages"/> is set (the first such, in input order).</exception>
    public IReadOnlyList<PneumoniaPrediction> Predict(IEnumerable<string> imagePaths)
    {
        ArgumentNullException.ThrowIfNull(imagePaths);
        return _pipeline.Predict(imagePaths);
    }

    /// <summary>Predicts one X-ray read from a stream (JPEG or PNG bytes); at most 4 bytes per pixel of <see cref="PneumoniaPredictorOptions.MaxImagePixels"/> (and 1 MiB) are read.</summary>
    /// <exception cref="InvalidImageException">The stream holds more, or the bytes cannot be decoded.</exception>
    /// <exception cref="UnusualImageException">The image is unusual and <see cref="PneumoniaPredictorOptions.RejectUnusualImages"/> is set.</exception>
    public PneumoniaPrediction Predict(Stream image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return _pipeline.Predict(image);
    }

    /// <summary>Predicts one X-ray from the bytes of a JPEG or PNG file.</summary>
    /// <exception cref="InvalidImageException">The bytes cannot be decoded.</exception>
    /// <exception cref="UnusualImageException">The image is unusual and <see cref="PneumoniaPredictorOptions.RejectUnusualImages"/> is set.</exception>
    public PneumoniaPrediction Predict(byte[] image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return _pipeline.Predict(image);
    }

    /// <summary>
    /// Scores every image of a labelled folder (holding <c>NORMAL/</c> and <c>PNEUMONIA/</c>; for a Kaggle root, its
    /// <c>test/</c> folder) at <see cref="Threshold"/>.
    /// </summary>
    /// <exception cref="InvalidDatasetException">The folder is missing, wrongly laid out, or lacks a class.</exception>
    /// <exception cref="InvalidImageException">An image cannot be decoded; the exception names it.</exception>
    public PneumoniaMetrics Evaluate(string folder, CancellationToken cancellationToken = default)
    {
        (IReadOnlyList<ImageRecord> records, PneumoniaPrediction[] predictions) = ScoreFolder(folder, cancellationToken);
        return MetricsCalculator.Compute(records.Select(r => r.Label).ToArray(), predictions.Select(p => p.Probability).ToArray(), Threshold);
    }

    /// <summary>
    /// Scores every image of a labelled folder (as <see cref="Evaluate"/>) and reports the metrics with confidence
    /// intervals, the ROC and precision–recall curves, calibration, and every image's score and input check.
    /// </summary>
    /// <param name="folder">The labelled images.</param>
    /// <param name="options">How to compute intervals and calibration; null for the defaults (95%, Wilson, 2,000 bootstrap resamples, 10 bins).</param>
    /// <param name="cancellationToken">Stops scoring between batches.</param>
    /// <exception cref="InvalidDatasetException">The folder is missing, wrongly laid out, or lacks a class.</exception>
    /// <exception cref="InvalidImageException">An image cannot be decoded; the exception names it.</exception>
    public PneumoniaEvaluation EvaluateDetailed(string folder, PneumoniaEvaluationOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new PneumoniaEvaluationOptions();
        options.Validate();
        (IReadOnlyList<ImageRecord> records, PneumoniaPrediction[] predictions) = ScoreFolder(folder, cancellationToken);
        return EvaluationCalculator.Compute(Path.GetFullPath(folder), records, predictions.Select(p => p.Probability).ToArray(), Threshold,
            Predictions.EvaluationThresholdNote(ThresholdOrigin), options, predictions.Select(p => p.InputCheck).ToArray());
    }

    /// <summary>Frees the ONNX Runtime session once calls under way have finished.</summary>
    public void Dispose() => _pipeline.Dispose();

    private (IReadOnlyList<ImageRecord> Records, PneumoniaPrediction[] Predictions) ScoreFolder(string folder, CancellationToken cancellationToken)
    {
        IReadOnlyList<ImageRecord> records = ImageFolder.Read(folder, ImageFolder.Split.Test);
        return (records, _pipeline.Predict(records, cancellationToken));
    }
}
