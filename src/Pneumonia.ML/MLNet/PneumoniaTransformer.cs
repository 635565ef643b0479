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
    private const string ClassifierStream = "Classifier.pnm";
    private readonly bool _ownsClassifier;

    internal PneumoniaTransformer(PneumoniaClassifier classifier, string imageColumnName, bool ownsClassifier)
    {
        Classifier = classifier;
        ImageColumnName = imageColumnName;
        _ownsClassifier = ownsClassifier;
    }

    /// <summary>The classifier that scores the images (its threshold, calibration and network).</summary>
    public PneumoniaClassifier Classifier { get; }

    /// <summary>The input column holding the X-rays.</summary>
    public string ImageColumnName { get; }

    /// <summary>True: the transformer maps each row on its own, so a <c>PredictionEngine</c> can run it.</summary>
    public bool IsRowToRowMapper => true;

    /// <summary>The input schema with <c>Score</c>, <c>Probability</c> and <c>PredictedLabel</c> appended.</summary>
    /// <exception cref="InvalidColumnException">The image column is missing or holds another type.</exception>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        ImageColumn.Check(inputSchema, ImageColumnName);
        return ScoreColumns.Append(inputSchema);
    }

    /// <summary>The row-to-row mapper a <c>PredictionEngine</c> runs.</summary>
    /// <exception cref="InvalidColumnException">The image column is missing or holds another type.</exception>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return new RowMapper(inputSchema, this);
    }

    /// <summary>
    /// Appends the score columns to <paramref name="input"/>. Lazy, as ML.NET transforms are: images are scored when
    /// the result is read; an unreadable image then throws <see cref="InvalidImageException"/> naming it.
    /// </summary>
    /// <exception cref="InvalidColumnException">The image column is missing or holds another type.</exception>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ImageColumn.Check(input.Schema, ImageColumnName);
        return new ScoredDataView(input, this);
    }

    /// <summary>Frees the classifier if this transformer made it (by training or loading); one from <see cref="PneumoniaClassifier.AsTransformer"/> stays its owner's.</summary>
    public void Dispose()
    {
        if (_ownsClassifier) Classifier.Dispose();
    }

    void ICanSaveModel.Save(ModelSaveContext ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ctx.CheckAtModel();
        ctx.SetVersionInfo(GetVersionInfo());

        // Binary format (version 0x00010001):
        // string id: the image column's name
        // int:       the inference engine (PneumoniaInferenceEngine)
        // stream Classifier.pnm beside it: the classifier's model file, weights in float32
        ctx.SaveNonEmptyString(ImageColumnName);
        ctx.Writer.Write((int)Classifier.Engine);
        ctx.SaveBinaryStream(ClassifierStream, writer => Classifier.Save(writer.BaseStream, PneumoniaWeightPrecision.Float32));
    }

    /// <summary>What <c>mlContext.Model.Load</c> calls (found through the <c>LoadableClass</c> attribute above).</summary>
    private static PneumoniaTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(ctx);
        ctx.CheckAtModel(GetVersionInfo());
        string imageColumnName = ctx.LoadNonEmptyString();
        var engine = (PneumoniaInferenceEngine)ctx.Reader.ReadInt32();
        if (!Enum.IsDefined(engine))
            throw new InvalidModelFileException(ClassifierStream, $"the ML.NET model names an inference engine this version does not know ({(int)engine}).");
        PneumoniaClassifier? classifier = null;
        if (!ctx.TryLoadBinaryStream(ClassifierStream, reader => classifier = PneumoniaClassifier.Load(reader.BaseStream, new PneumoniaInferenceOptions { Engine = engine })))
            throw new InvalidModelFileException(ClassifierStream, "the ML.NET model lacks the classifier's model file.");
        return new PneumoniaTransformer(classifier!, imageColumnName, ownsClassifier: true);
    }

    private static VersionInfo GetVersionInfo() => new(
        modelSignature: "PNEUMOXR",
        verWrittenCur: 0x00010001, // the classifier's model file, its engine and the image column
        verReadableCur: 0x00010001,
        verWeCanReadBack: 0x00010001,
        loaderSignature: LoaderSignature,
        loaderAssemblyName: typeof(PneumoniaTransformer).Assembly.FullName);
}
