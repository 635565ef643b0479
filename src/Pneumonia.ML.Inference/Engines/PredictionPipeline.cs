using Pneumonia.ML.Data;

namespace Pneumonia.ML.Engines;

/// <summary>
/// What both facades (<c>PneumoniaClassifier</c>, <see cref="PneumoniaPredictor"/>) do between an image and an answer:
/// decode, score on the engine, turn the scores into predictions by the model's rule, refuse unusual images when asked;
/// and the lifetime lock that lets many threads call at once while <see cref="Dispose"/> waits for them. Arguments are
/// checked by the facades, so that exceptions name their parameters.
/// </summary>
internal sealed class PredictionPipeline : IDisposable
{
    private readonly IScoringEngine _engine;
    private readonly Func<IDecisionRule> _rule;
    private readonly bool _rejectUnusualImages;
    private readonly IDisposable? _alsoOwned;
    private readonly Type _owner;
    private readonly ReaderWriterLockSlim _lifetime = new(LockRecursionPolicy.SupportsRecursion);
    private bool _disposed;

    /// <param name="engine">Runs the network; the pipeline owns it from now on.</param>
    /// <param name="preprocessor">Decodes images for it.</param>
    /// <param name="rule">The model's current rule (read on every call: a classifier may replace it).</param>
    /// <param name="rejectUnusualImages">Throw <see cref="UnusualImageException"/> for an image the input check flags.</param>
    /// <param name="owner">The facade, named by <see cref="ObjectDisposedException"/>.</param>
    /// <param name="alsoOwned">Disposed after the engine (a classifier's network); null for none.</param>
    public PredictionPipeline(IScoringEngine engine, ImagePreprocessor preprocessor, Func<IDecisionRule> rule, bool rejectUnusualImages,
        Type owner, IDisposable? alsoOwned = null)
    {
        _engine = engine;
        Preprocessor = preprocessor;
        _rule = rule;
        _rejectUnusualImages = rejectUnusualImages;
        _owner = owner;
        _alsoOwned = alsoOwned;
    }

    /// <summary>The decoder and its limits.</summary>
    public ImagePreprocessor Preprocessor { get; }

    /// <summary>The engine. Callers hold the lifetime lock (<see cref="WhileAlive"/>).</summary>
    public IScoringEngine Engine => _engine;

    /// <summary>Predicts one image file.</summary>
    public PneumoniaPrediction Predict(string imagePath) =>
        WhileAlive(() => Single(Preprocessor.DecodeFileWithSize(imagePath), imagePath));

    /// <summary>Predicts many image files in batches, in input order.</summary>
    public IReadOnlyList<PneumoniaPrediction> Predict(IEnumerable<string> imagePaths)
    {
        ImageRecord[] records = imagePaths.Select(path => new ImageRecord { ImagePath = path }).ToArray();
        return WhileAlive(() =>
        {
            PneumoniaPrediction[] predictions = Score(Preprocessor.Decode(records), CancellationToken.None);
            for (int i = 0; i < predictions.Length; i++) ThrowIfRejected(predictions[i], records[i].ImagePath);
            return predictions;
        });
    }

    /// <summary>Predicts one image read from a stream, bounded as <see cref="ImagePreprocessor.ReadStream"/> says.</summary>
    public PneumoniaPrediction Predict(Stream image) =>
        WhileAlive(() => Single(Preprocessor.DecodeWithSize(Preprocessor.ReadStream(image, "(stream)"), "(stream)"), "(stream)"));

    /// <summary>Predicts one image from a file's bytes.</summary>
    public PneumoniaPrediction Predict(byte[] image) =>
        WhileAlive(() => Single(Preprocessor.DecodeWithSize(image, "(bytes)"), "(bytes)"));

    /// <summary>Decodes and predicts records (a folder being evaluated), never refusing: evaluations report the input check instead.</summary>
    public PneumoniaPrediction[] Predict(IReadOnlyList<ImageRecord> records, CancellationToken cancellationToken) =>
        WhileAlive(() => Score(Preprocessor.Decode(records, cancellationToken), cancellationToken));

    /// <summary>
    /// Reads <paramref name="folder"/> by <paramref name="classes"/> (as the model's class <paramref name="names"/>), predicts
    /// every image and measures every class: what both facades' <c>EvaluateClasses</c> do once their arguments are checked.
    /// </summary>
    public PneumoniaMulticlassMetrics EvaluateClasses(string folder, PneumoniaClasses classes, IReadOnlyList<string> names,
        PneumoniaEvaluationOptions options, CancellationToken cancellationToken)
    {
        (IReadOnlyList<ImageRecord> records, _) = ClassFolder.Read(folder, ImageFolder.Split.Test, classes, names);
        PneumoniaPrediction[] predictions = Predict(records, cancellationToken);
        return Evaluation.MulticlassMetricsCalculator.Compute(records.Select(r => r.Class).ToArray(),
            predictions.Select(p => p.ClassProbabilities.ToArray()).ToArray(), names, options.ConfidenceLevel, options.ProportionInterval,
            predictions.Select(p => p.ClassIndex).ToArray());
    }

    /// <summary>Predictions for decoded images. Callers hold the lifetime lock.</summary>
    public PneumoniaPrediction[] Score(DecodedImages images, CancellationToken cancellationToken) =>
        Predictions.From(images, _engine.Score(images.Pixels, cancellationToken), _rule());

    /// <summary>Runs <paramref name="action"/> unless the owner is disposed; disposal waits for it.</summary>
    /// <exception cref="ObjectDisposedException">The owner is disposed.</exception>
    public T WhileAlive<T>(Func<T> action)
    {
        _lifetime.EnterReadLock();
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, _owner);
            return action();
        }
        finally
        {
            _lifetime.ExitReadLock();
        }
    }

    /// <summary>Waits for calls under way, then frees the engine (and what else the owner handed over).</summary>
    public void Dispose()
    {
        _lifetime.EnterWriteLock();
        try
        {
            if (_disposed) return;
            _disposed = true;
            _engine.Dispose();
            _alsoOwned?.Dispose();
        }
        finally
        {
            _lifetime.ExitWriteLock();
        }
    }

    private PneumoniaPrediction Single((byte[] Pixels, (int Width, int Height) Size) image, string source)
    {
        PneumoniaPrediction prediction = Score(new DecodedImages([new ImageRecord { ImagePath = source }], [image.Pixels], Preprocessor.ImageSize, [image.Size]),
            CancellationToken.None)[0];
        ThrowIfRejected(prediction, source);
        return prediction;
    }

    private void ThrowIfRejected(PneumoniaPrediction prediction, string source)
    {
        if (_rejectUnusualImages && prediction.InputCheck.Reason is { } reason) throw new UnusualImageException(source, reason);
    }
}
