using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Pneumonia.ML;
using Pneumonia.ML.MLNet;

// How mlContext.Model.Load finds this transformer again: the loader signature written in the model zip names it.
[assembly: LoadableClass(typeof(PneumoniaTransformer), null, typeof(SignatureLoadModel),
    "Pneumonia X-ray classifier", PneumoniaTransformer.LoaderSignature)]

namespace Pneumonia.ML;

/// <summary>
/// A trained pneumonia classifier as an ML.NET transformer: it reads an image column (file paths as text, image file
/// bytes as a vector of bytes, or images from <c>LoadImages</c>) and appends ML.NET's binary-classification columns:
/// <c>Score</c> (float; a margin, logit(Probability) − logit(threshold), whose sign is the classifier's decision),
/// <c>Probability</c> (float; the classifier's calibrated probability of pneumonia) and <c>PredictedLabel</c>
/// (Boolean; true for pneumonia, Probability ≥ threshold). <c>mlContext.BinaryClassification.Evaluate</c>,
/// <c>CrossValidate</c> and <c>CreatePredictionEngine</c> therefore work unchanged, and agree with
/// <see cref="PneumoniaClassifier.Evaluate"/> (ML.NET reports log-loss in bits: divide the library's, in nats, by ln 2).
/// For a multi-class model, see <see cref="PneumoniaMulticlassTransformer"/>.
/// </summary>
/// <remarks>
/// Made by <see cref="PneumoniaEstimator.Fit"/>, by <see cref="PneumoniaClassifier.AsTransformer"/>, or by
/// <c>mlContext.Model.Load</c> of a model saved with <c>mlContext.Model.Save</c> (the zip holds the classifier's
/// model file, weights in float32, so predictions after loading are identical). Rows are scored one at a time as they
/// are read; for large batches <see cref="PneumoniaClassifier.Predict(IEnumerable{string})"/> is faster.
/// </remarks>
public sealed class PneumoniaTransformer : ITransformer, IDisposable
{
    internal const string LoaderSignature = "PneumoniaXRayTransformer";
    private readonly ImageScorer _scorer;

    internal PneumoniaTransformer(PneumoniaClassifier classifier, string imageColumnName, bool ownsClassifier)
    {
        if (classifier.IsMulticlass)
            throw new InvalidOperationException(
                $"The classifier is multi-class ({string.Join(", ", classifier.Classes)}); ML.NET's binary-classification columns would hide its classes. " +
                "Use classifier.AsMulticlassTransformer() (ML.NET's multiclass columns) instead.");
        _scorer = new ImageScorer(classifier, imageColumnName, new BinaryColumns(classifier.Threshold), ownsClassifier);
    }

    /// <summary>The classifier that scores the images (its threshold, calibration and network).</summary>
    public PneumoniaClassifier Classifier => _scorer.Classifier;

    /// <summary>The input column holding the X-rays.</summary>
    public string ImageColumnName => _scorer.ImageColumnName;

    /// <summary>True: the transformer maps each row on its own, so a <c>PredictionEngine</c> can run it.</summary>
    public bool IsRowToRowMapper => true;

    /// <summary>The input schema with <c>Score</c>, <c>Probability</c> and <c>PredictedLabel</c> appended.</summary>
    /// <exception cref="InvalidColumnException">The image column is missing or holds another type.</exception>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => _scorer.GetOutputSchema(inputSchema);

    /// <summary>The row-to-row mapper a <c>PredictionEngine</c> runs.</summary>
    /// <exception cref="InvalidColumnException">The image column is missing or holds another type.</exception>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => _scorer.GetRowToRowMapper(inputSchema);

    /// <summary>
    /// Appends the score columns to <paramref name="input"/>. Lazy, as ML.NET transforms are: images are scored when
    /// the result is read; an unreadable image then throws <see cref="InvalidImageException"/> naming it.
    /// </summary>
    /// <exception cref="InvalidColumnException">The image column is missing or holds another type.</exception>
    public IDataView Transform(IDataView input) => _scorer.Transform(input);

    /// <summary>Frees the classifier if this transformer made it (by training or loading); one from <see cref="PneumoniaClassifier.AsTransformer"/> stays its owner's.</summary>
    public void Dispose() => _scorer.Dispose();

    void ICanSaveModel.Save(ModelSaveContext ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ctx.CheckAtModel();
        ctx.SetVersionInfo(GetVersionInfo());

        // Binary format (version 0x00010001): ImageScorer.Save's (the image column, the engine, the classifier's model file).
        _scorer.Save(ctx);
    }

    /// <summary>What <c>mlContext.Model.Load</c> calls (found through the <c>LoadableClass</c> attribute above).</summary>
    private static PneumoniaTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(ctx);
        ctx.CheckAtModel(GetVersionInfo());
        (string imageColumnName, PneumoniaClassifier classifier) = ImageScorer.Load(ctx);
        if (classifier.IsMulticlass)
            throw ImageScorer.WrongKind(classifier, "the binary ML.NET transformer holds a multi-class classifier.");
        return new PneumoniaTransformer(classifier, imageColumnName, ownsClassifier: true);
    }

    private static VersionInfo GetVersionInfo() => new(
        modelSignature: "PNEUMOXR",
        verWrittenCur: 0x00010001, // the classifier's model file, its engine and the image column
        verReadableCur: 0x00010001,
        verWeCanReadBack: 0x00010001,
        loaderSignature: LoaderSignature,
        loaderAssemblyName: typeof(PneumoniaTransformer).Assembly.FullName);
}
