using Microsoft.ML;
using Microsoft.ML.Data;

namespace Pneumonia.ML.MLNet;

/// <summary>
/// The label column of the multiclass trainer, as ML.NET's multiclass trainers take it: a key (what
/// <c>MapValueToKey</c> makes) whose key values, text, name the classes in key order. Errors name the column and say
/// what it should hold.
/// </summary>
internal sealed class KeyLabel
{
    private const string KeyValues = "KeyValues";
    private const string Expected = "it must be a key column whose values name the classes (mlContext.Transforms.Conversion.MapValueToKey of the class names)";

    private KeyLabel(DataViewSchema.Column column, IReadOnlyList<string> names)
    {
        Column = column;
        Names = names;
    }

    public DataViewSchema.Column Column { get; }

    /// <summary>The class names in key order: key k (1-based) is <c>Names[k − 1]</c>.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The column and its classes, or an <see cref="InvalidColumnException"/> saying what is wrong with it.</summary>
    public static KeyLabel Check(DataViewSchema schema, string name)
    {
        DataViewSchema.Column column = schema.GetColumnOrNull(name)
            ?? throw new InvalidColumnException(name, $"the data has no such label column (it has {ImageColumn.Describe(schema)}).");
        if (column.Type is not KeyDataViewType key) throw WrongType(name, $"{column.Type}", column.Type == BooleanDataViewType.Instance);
        if (!IsKeyRawType(key.RawType))
            throw new InvalidColumnException(name, $"the label column holds {key}, a key of {key.RawType.Name}; {Expected}.");
        if (column.Annotations.Schema.GetColumnOrNull(KeyValues) is not { Type: VectorDataViewType { ItemType: TextDataViewType } })
            throw new InvalidColumnException(name, $"the label column is a key without text key values naming its classes; {Expected}.");
        VBuffer<ReadOnlyMemory<char>> values = default;
        column.Annotations.GetValue(KeyValues, ref values);
        string[] names = values.DenseValues().Select(v => v.ToString()).ToArray();
        if (names.Length < 2)
            throw new InvalidColumnException(name, $"its key has {names.Length} class{(names.Length == 1 ? "" : "es")}; a multi-class model needs at least 2.");
        if (names.Any(string.IsNullOrWhiteSpace))
            throw new InvalidColumnException(name, "a value of its key is empty; every class needs a name.");
        if (names.Distinct(StringComparer.OrdinalIgnoreCase).Count() != names.Length)
            throw new InvalidColumnException(name, $"its key values {string.Join(", ", names)} repeat a class name (letter case is ignored).");
        return new KeyLabel(column, names);
    }

    /// <summary>The same check on a schema shape (an estimator's <c>GetOutputSchema</c>).</summary>
    public static void Check(SchemaShape schema, string name)
    {
        if (!schema.TryFindColumn(name, out SchemaShape.Column column))
            throw new InvalidColumnException(name, "the data has no such label column.");
        if (column.Kind != SchemaShape.Column.VectorKind.Scalar || !column.IsKey)
            throw WrongType(name, $"{column.ItemType} ({column.Kind})", column.Kind == SchemaShape.Column.VectorKind.Scalar && column.ItemType == BooleanDataViewType.Instance);
    }

    /// <summary>A reader of the current row's key (0 for a missing value, else 1 to <c>Names.Count</c>).</summary>
    public Func<ulong> Reader(DataViewRow row)
    {
        Type raw = Column.Type.RawType;
        if (raw == typeof(uint)) return Read<uint>(row, k => k);
        if (raw == typeof(ulong)) return Read<ulong>(row, k => k);
        if (raw == typeof(ushort)) return Read<ushort>(row, k => k);
        return Read<byte>(row, k => k);
    }

    private Func<ulong> Read<T>(DataViewRow row, Func<T, ulong> widen)
    {
        ValueGetter<T> getter = row.GetGetter<T>(Column);
        T value = default!;
        return () =>
        {
            getter(ref value);
            return widen(value);
        };
    }

    private static bool IsKeyRawType(Type type) =>
        type == typeof(byte) || type == typeof(ushort) || type == typeof(uint) || type == typeof(ulong);

    private static InvalidColumnException WrongType(string name, string type, bool isBoolean) =>
        new(name, $"the label column holds {type}; {Expected}." +
            (isBoolean ? " For a Boolean label (true for pneumonia) use mlContext.BinaryClassification.Trainers.Pneumonia." : ""));
}
