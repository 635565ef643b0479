using Microsoft.ML;
using Microsoft.ML.Data;

namespace Pneumonia.ML.MLNet;

/// <summary>
/// What <see cref="PneumoniaTransformer"/> and <see cref="PneumoniaMulticlassTransformer"/> are made of: a classifier,
/// the image column it reads, the columns it appends, and ML.NET's transformer members over them (each public
/// transformer forwards to one of these), and the part of the saved model both write.
/// </summary>
internal sealed class ImageScorer(PneumoniaClassifier classifier, string imageColumnName, OutputColumns columns, bool ownsClassifier)
{
    private const string ClassifierStream = "Classifier.pnm";

    public PneumoniaClassifier Classifier { get; } = classifier;

    public string ImageColumnName { get; } = imageColumnName;

    public OutputColumns Columns { get; } = columns;

    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        ImageColumn.Check(inputSchema, ImageColumnName);
        return Columns.Append(inputSchema);
    }

    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return new RowMapper(inputSchema, this);
    }

    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ImageColumn.Check(input.Schema, ImageColumnName);
        return new ScoredDataView(input, this);
    }

    public void Dispose()
    {
        if (ownsClassifier) Classifier.Dispose();
    }

    /// <summary>
    /// Writes what both transformers save: the image column's name, the inference engine (int), and beside them the
    /// stream <c>Classifier.pnm</c>, the classifier's model file with weights in float32.
    /// </summary>
    public void Save(ModelSaveContext ctx)
    {
        ctx.SaveNonEmptyString(ImageColumnName);
        ctx.Writer.Write((int)Classifier.Engine);
        ctx.SaveBinaryStream(ClassifierStream, writer => Classifier.Save(writer.BaseStream, PneumoniaWeightPrecision.Float32));
    }

    /// <summary>Reads what <see cref="Save"/> wrote: the image column's name and the classifier (the caller then owns it).</summary>
    /// <exception cref="InvalidModelFileException">The engine is unknown or the classifier's model file is missing or unreadable.</exception>
    public static (string ImageColumnName, PneumoniaClassifier Classifier) Load(ModelLoadContext ctx)
    {
        string imageColumnName = ctx.LoadNonEmptyString();
        var engine = (PneumoniaInferenceEngine)ctx.Reader.ReadInt32();
        if (!Enum.IsDefined(engine))
            throw new InvalidModelFileException(ClassifierStream, $"the ML.NET model names an inference engine this version does not know ({(int)engine}).");
        PneumoniaClassifier? classifier = null;
        if (!ctx.TryLoadBinaryStream(ClassifierStream, reader => classifier = PneumoniaClassifier.Load(reader.BaseStream, new PneumoniaInferenceOptions { Engine = engine })))
            throw new InvalidModelFileException(ClassifierStream, "the ML.NET model lacks the classifier's model file.");
        return (imageColumnName, classifier!);
    }

    /// <summary>An <see cref="InvalidModelFileException"/> for a loaded classifier of the wrong kind (after disposing it).</summary>
    public static InvalidModelFileException WrongKind(PneumoniaClassifier classifier, string reason)
    {
        classifier.Dispose();
        return new InvalidModelFileException(ClassifierStream, reason);
    }
}
