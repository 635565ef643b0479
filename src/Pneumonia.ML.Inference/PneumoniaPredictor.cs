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
    public string ClassesDescription => _model.ClassesDescription ?? PneumoniaClasses.NormalPneumonia.Description;

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
    /// Scores every image of a labelled folder (holding <c>NORMAL/</c> and <c>PNEUMONIA/</c>, or for a multi-class model
    /// the layout of its classes, every class but NORMAL counting as pneumonia; for a Kaggle root, its <c>test/</c>
    /// folder) at <see cref="Threshold"/>.
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
    /// intervals, the ROC and precision–recall curves, calibration, and every image's score and input check; for a
    /// multi-class model whose classes the file can read (not a rule's), also <see cref="PneumoniaEvaluation.ClassMetrics"/>,
    /// as <see cref="EvaluateClasses"/> measures them.
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
        PneumoniaEvaluation evaluation = EvaluationCalculator.Compute(Path.GetFullPath(folder), records, predictions.Select(p => p.Probability).ToArray(), Threshold,
            Predictions.EvaluationThresholdNote(ThresholdOrigin), options, predictions.Select(p => p.InputCheck).ToArray());
        if (!ReadsOwnClasses) return evaluation;
        return evaluation with
        {
            ClassMetrics = MulticlassMetricsCalculator.Compute(records.Select(r => r.Class).ToArray(),
                predictions.Select(p => p.ClassProbabilities.ToArray()).ToArray(), Classes, options.ConfidenceLevel, options.ProportionInterval),
        };
    }

    /// <summary>
    /// Scores every image of a labelled folder and measures how well every class is told apart
    /// (<see cref="PneumoniaMulticlassMetrics"/>): micro and macro accuracy, log-loss, the N×N confusion matrix, and each
    /// class's sensitivity, specificity and one-vs-rest AUC with confidence intervals, as Pneumonia.ML's
    /// <c>PneumoniaClassifier.EvaluateClasses</c> does on the ONNX Runtime engine of the model's precision. The folder is
    /// read as the model's classes were (its class folders, or the file names' bacteria and virus; for a Kaggle root, its
    /// <c>test/</c>); a binary model reads NORMAL and PNEUMONIA and calls pneumonia at <see cref="Threshold"/>, a softmax
    /// model the most probable class.
    /// </summary>
    /// <param name="folder">The labelled images.</param>
    /// <param name="classes">How to read the folder's classes; null for the model's own. Required for a model trained with a rule (<see cref="PneumoniaClasses.FromRule"/>), whose file says only "a labelling rule".</param>
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
        classes ??= OwnClasses
            ?? throw new InvalidOperationException($"This model's classes came from {ClassesDescription}, which a model file cannot hold: pass the rule as the classes argument.");
        return _pipeline.EvaluateClasses(folder, classes, Classes, options, cancellationToken);
    }

    /// <summary>Frees the ONNX Runtime session once calls under way have finished.</summary>
    public void Dispose() => _pipeline.Dispose();

    /// <summary>
    /// The classes the model file says its classes came from (by their stored source; in files from before it was
    /// stored, by its words): <see cref="PneumoniaClasses.NormalPneumonia"/> for a binary model; null for a rule's, which
    /// evaluation cannot read by itself.
    /// </summary>
    private PneumoniaClasses? OwnClasses => _model switch
    {
        { Classes: null } => PneumoniaClasses.NormalPneumonia,
        { ClassSource: { } source } => PneumoniaClasses.FromStored(source),
        _ => PneumoniaClasses.FromDescription(_model.ClassesDescription ?? ""),
    };

    /// <summary>Whether evaluation reads folders by this multi-class model's own classes (not for the binary model or a rule's), as the classifier does.</summary>
    private bool ReadsOwnClasses => IsMulticlass && OwnClasses is not null;

    /// <summary>
    /// Reads a labelled folder (for a Kaggle root, its test/) and scores every image in batches, as
    /// <c>PneumoniaClassifier</c> does: a multi-class model reads the folder as it was trained (its class folders, or the
    /// file names), each class but NORMAL counting as pneumonia; the binary model and a rule's read NORMAL and PNEUMONIA.
    /// </summary>
    private (IReadOnlyList<ImageRecord> Records, PneumoniaPrediction[] Predictions) ScoreFolder(string folder, CancellationToken cancellationToken)
    {
        IReadOnlyList<ImageRecord> records = ReadsOwnClasses
            ? ClassFolder.Read(folder, ImageFolder.Split.Test, OwnClasses!, Classes).Records
            : ImageFolder.Read(folder, ImageFolder.Split.Test);
        return (records, _pipeline.Predict(records, cancellationToken));
    }
}
