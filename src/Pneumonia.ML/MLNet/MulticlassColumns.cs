using Microsoft.ML;
using Microsoft.ML.Data;

namespace Pneumonia.ML.MLNet;

/// <summary>
/// The two columns ML.NET's multiclass classifiers append, in the order of the label key's values:
/// <c>Score</c>, a vector of one probability per class (annotated with the class names as slot names), and
/// <c>PredictedLabel</c>, a key over the classes (annotated with them as key values; <c>MapKeyToValue</c> gives the
/// name back): the most probable class, the first of ties, as ML.NET's evaluator takes it.
/// </summary>
internal sealed class MulticlassColumns : OutputColumns
{
    public const string Score = "Score";
    public const string PredictedLabel = "PredictedLabel";

    // ML.NET's annotations of a scorer's columns (AnnotationUtils.Kinds / Const.ScoreColumnKind), which its tools read.
    private const string ScoreColumnKind = "ScoreColumnKind";
    private const string ScoreValueKind = "ScoreValueKind";
    private const string MulticlassKind = "MulticlassClassification";
    private const string SlotNames = "SlotNames";
    private const string KeyValues = "KeyValues";

    private readonly ReadOnlyMemory<char>[] _names;
    private readonly int[] _classOfSlot;

    /// <param name="names">The class names in key order (slot i is key i + 1).</param>
    /// <param name="classOfSlot">For slot i, the index of its class in the classifier's classes.</param>
    private MulticlassColumns(IReadOnlyList<string> names, int[] classOfSlot)
    {
        Names = names;
        _names = names.Select(n => n.AsMemory()).ToArray();
        _classOfSlot = classOfSlot;
    }

    /// <summary>The class names in key order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>
    /// The columns of a classifier whose classes are <paramref name="modelClasses"/>, in the key order of
    /// <paramref name="names"/>; null when the two are not the same classes (letter case ignored).
    /// </summary>
    public static MulticlassColumns? For(IReadOnlyList<string> modelClasses, IReadOnlyList<string> names)
    {
        if (names.Count != modelClasses.Count) return null;
        int[] classOfSlot = new int[names.Count];
        for (int slot = 0; slot < names.Count; slot++)
        {
            int[] matches = Enumerable.Range(0, modelClasses.Count)
                .Where(c => string.Equals(modelClasses[c], names[slot], StringComparison.OrdinalIgnoreCase)).ToArray();
            if (matches.Length != 1) return null;
            classOfSlot[slot] = matches[0];
        }
        return classOfSlot.Distinct().Count() == classOfSlot.Length ? new MulticlassColumns(names, classOfSlot) : null;
    }

    public override Delegate Getter(int index, Func<ImageScores> scores) => index switch
    {
        0 => (ValueGetter<VBuffer<float>>)((ref VBuffer<float> value) =>
        {
            float[] probabilities = scores().ClassProbabilities;
            VBufferEditor<float> editor = VBufferEditor.Create(ref value, _classOfSlot.Length);
            for (int slot = 0; slot < _classOfSlot.Length; slot++) editor.Values[slot] = probabilities[_classOfSlot[slot]];
            value = editor.Commit();
        }),
        _ => (ValueGetter<uint>)((ref uint value) => value = PredictedKey(scores().ClassProbabilities)),
    };

    protected override void AddTo(DataViewSchema.Builder builder)
    {
        var score = new DataViewSchema.Annotations.Builder();
        score.AddSlotNames(_names.Length, GetNames);
        AddKinds(score, "Score");
        builder.AddColumn(Score, new VectorDataViewType(NumberDataViewType.Single, _names.Length), score.ToAnnotations());

        var predicted = new DataViewSchema.Annotations.Builder();
        predicted.AddKeyValues(_names.Length, TextDataViewType.Instance, (ValueGetter<VBuffer<ReadOnlyMemory<char>>>)GetNames);
        AddKinds(predicted, "PredictedLabel");
        builder.AddColumn(PredictedLabel, new KeyDataViewType(typeof(uint), _names.Length), predicted.ToAnnotations());
    }

    /// <summary>The input schema shape with the two columns appended (their sizes are the key's, unknown to a shape).</summary>
    public static SchemaShape Shape(SchemaShape input)
    {
        static SchemaShape.Column Annotation(string name, SchemaShape.Column.VectorKind kind) => new(name, kind, TextDataViewType.Instance, false);
        SchemaShape.Column[] kinds =
            [Annotation(ScoreColumnKind, SchemaShape.Column.VectorKind.Scalar), Annotation(ScoreValueKind, SchemaShape.Column.VectorKind.Scalar)];
        return Append(input,
        [
            new SchemaShape.Column(Score, SchemaShape.Column.VectorKind.Vector, NumberDataViewType.Single, false,
                new SchemaShape([Annotation(SlotNames, SchemaShape.Column.VectorKind.Vector), .. kinds])),
            new SchemaShape.Column(PredictedLabel, SchemaShape.Column.VectorKind.Scalar, NumberDataViewType.UInt32, true,
                new SchemaShape([Annotation(KeyValues, SchemaShape.Column.VectorKind.Vector), .. kinds])),
        ]);
    }

    /// <summary>The key (1-based) of the most probable class in slot order, the first of ties.</summary>
    private uint PredictedKey(float[] probabilities)
    {
        int best = 0;
        for (int slot = 1; slot < _classOfSlot.Length; slot++)
            if (probabilities[_classOfSlot[slot]] > probabilities[_classOfSlot[best]]) best = slot;
        return (uint)best + 1;
    }

    private void GetNames(ref VBuffer<ReadOnlyMemory<char>> value) =>
        value = new VBuffer<ReadOnlyMemory<char>>(_names.Length, (ReadOnlyMemory<char>[])_names.Clone());

    private static void AddKinds(DataViewSchema.Annotations.Builder builder, string valueKind)
    {
        builder.Add(ScoreColumnKind, TextDataViewType.Instance, (ref ReadOnlyMemory<char> value) => value = MulticlassKind.AsMemory());
        builder.Add(ScoreValueKind, TextDataViewType.Instance, (ref ReadOnlyMemory<char> value) => value = valueKind.AsMemory());
    }
}
