using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Pneumonia.ML;
using Pneumonia.ML.MLNet;

// How mlContext.Model.Load finds this transformer again: the loader signature written in the model zip names it.
[assembly: LoadableClass(typeof(PneumoniaMulticlassTransformer), null, typeof(SignatureLoadModel),
    "Pneumonia X-ray multi-class classifier", PneumoniaMulticlassTransformer.LoaderSignature)]

namespace Pneumonia.ML;

/// <summary>
/// A trained multi-class classifier (<see cref="PneumoniaClassifier.IsMulticlass"/>) as an ML.NET transformer: it
/// reads an image column (file paths as text, image file bytes as a vector of bytes, or images from <c>LoadImages</c>)
/// and appends ML.NET's multiclass-classification columns, in the order of <see cref="Classes"/>: <c>Score</c> (a
/// vector of float, each class's softmax probability, with the class names as slot names) and <c>PredictedLabel</c>
/// (a key over <see cref="Classes"/>, with them as key values: the most probable class, the first of ties).
/// <c>mlContext.MulticlassClassification.Evaluate</c> and <c>CreatePredictionEngine</c> therefore work unchanged, and
/// <c>MapKeyToValue</c> turns <c>PredictedLabel</c> back into the class name.
/// </summary>
/// <remarks>
/// Made by <see cref="PneumoniaMulticlassEstimator.Fit"/> (<see cref="Classes"/> then in the order of the label
/// column's key), by <see cref="PneumoniaClassifier.AsMulticlassTransformer"/> (in the classifier's order), or by
/// <c>mlContext.Model.Load</c> of a model saved with <c>mlContext.Model.Save</c> (the zip holds the classifier's
/// model file, weights in float32, and the class order, so predictions after loading are identical). Rows are scored
/// one at a time as they are read; for large batches <see cref="PneumoniaClassifier.Predict(IEnumerable{string})"/> is faster.
/// </remarks>
public sealed class PneumoniaMulticlassTransformer : ITransformer, IDisposable
{
    internal const string LoaderSignature = "PneumoniaXRayMulticlass";
    private readonly ImageScorer _scorer;
    private readonly MulticlassColumns _columns;

    /// <param name="classifier">A multi-class classifier.</param>
    /// <param name="imageColumnName">The image column.</param>
    /// <param name="classes">The classifier's classes in the order of the columns (the label key's order).</param>
    /// <param name="ownsClassifier">Whether <see cref="Dispose"/> frees the classifier.</param>
    /// <exception cref="InvalidOperationException">The classifier is binary, or its classes are not <paramref name="classes"/>.</exception>
    internal PneumoniaMulticlassTransformer(PneumoniaClassifier classifier, string imageColumnName, IReadOnlyList<string> classes, bool ownsClassifier)
    {
        if (!classifier.IsMulticlass)
            throw new InvalidOperationException(
                "The classifier is binary (NORMAL and PNEUMONIA, one output): it has no softmax classes for ML.NET's multiclass columns. " +
                "Use classifier.AsTransformer() (ML.NET's binary-classification columns) instead, or train with PneumoniaTrainingOptions.Classes.");
        _columns = MulticlassColumns.For(classifier.Classes, classes) ?? throw new InvalidOperationException(
            $"The classifier's classes ({string.Join(", ", classifier.Classes)}) are not the columns' classes ({string.Join(", ", classes)}).");
        _scorer = new ImageScorer(classifier, imageColumnName, _columns, ownsClassifier);
    }

    /// <summary>The classifier that scores the images (its network and classes).</summary>
    public PneumoniaClassifier Classifier => _scorer.Classifier;

    /// <summary>The input column holding the X-rays.</summary>
    public string ImageColumnName => _scorer.ImageColumnName;

    /// <summary>
    /// The class names in the order of the <c>Score</c> slots and the <c>PredictedLabel</c> keys (key k is
    /// <c>Classes[k − 1]</c>): the label column's key order for a trained transformer.
    /// </summary>
    public IReadOnlyList<string> Classes => _columns.Names;

    /// <summary>True: the transformer maps each row on its own, so a <c>PredictionEngine</c> can run it.</summary>
    public bool IsRowToRowMapper => true;

    /// <summary>The input schema with <c>Score</c> and <c>PredictedLabel</c> appended.</summary>
    /// <exception cref="InvalidColumnException">The image column is missing or holds another type.</exception>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => _scorer.GetOutputSchema(inputSchema);

    /// <summary>The row-to-row mapper a <c>PredictionEngine</c> runs.</summary>
    /// <exception cref="InvalidColumnException">The image column is missing or holds another type.</exception>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => _scorer.GetRowToRowMapper(inputSchema);

    /// <summary>
    /// Appends <c>Score</c> and <c>PredictedLabel</c> to <paramref name="input"/>. Lazy, as ML.NET transforms are:
    /// images are scored when the result is read; an unreadable image then throws <see cref="InvalidImageException"/> naming it.
    /// </summary>
    /// <exception cref="InvalidColumnException">The image column is missing or holds another type.</exception>
    public IDataView Transform(IDataView input) => _scorer.Transform(input);

    /// <summary>Frees the classifier if this transformer made it (by training or loading); one from <see cref="PneumoniaClassifier.AsMulticlassTransformer"/> stays its owner's.</summary>
    public void Dispose() => _scorer.Dispose();

    void ICanSaveModel.Save(ModelSaveContext ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ctx.CheckAtModel();
        ctx.SetVersionInfo(GetVersionInfo());

        // Binary format (version 0x00010001):
        // ImageScorer.Save's: the image column, the engine, the classifier's model file (stream Classifier.pnm)
        // int:       the number of classes
        // string id: each class name, in column (key) order
        _scorer.Save(ctx);
        ctx.Writer.Write(Classes.Count);
        foreach (string name in Classes) ctx.SaveNonEmptyString(name);
    }

    /// <summary>What <c>mlContext.Model.Load</c> calls (found through the <c>LoadableClass</c> attribute above).</summary>
    private static PneumoniaMulticlassTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(ctx);
        ctx.CheckAtModel(GetVersionInfo());
        (string imageColumnName, PneumoniaClassifier classifier) = ImageScorer.Load(ctx);
        string[] classes;
        try
        {
            int count = ctx.Reader.ReadInt32();
            if (count < 2 || count > 1 << 16)
                throw ImageScorer.WrongKind(classifier, $"the multi-class ML.NET transformer names an impossible number of classes ({count}).");
            classes = new string[count];
            for (int i = 0; i < count; i++) classes[i] = ctx.LoadNonEmptyString();
        }
        catch (Exception error) when (error is not InvalidModelFileException)
        {
            classifier.Dispose();
            throw;
        }
        if (!classifier.IsMulticlass)
            throw ImageScorer.WrongKind(classifier, "the multi-class ML.NET transformer holds a binary classifier.");
        if (MulticlassColumns.For(classifier.Classes, classes) is null)
            throw ImageScorer.WrongKind(classifier,
                $"the multi-class ML.NET transformer's classes ({string.Join(", ", classes)}) are not its classifier's ({string.Join(", ", classifier.Classes)}).");
        return new PneumoniaMulticlassTransformer(classifier, imageColumnName, classes, ownsClassifier: true);
    }

    private static VersionInfo GetVersionInfo() => new(
        modelSignature: "PNEUMOMC",
        verWrittenCur: 0x00010001, // the classifier's model file, its engine, the image column and the class order
        verReadableCur: 0x00010001,
        verWeCanReadBack: 0x00010001,
        loaderSignature: LoaderSignature,
        loaderAssemblyName: typeof(PneumoniaMulticlassTransformer).Assembly.FullName);
}
