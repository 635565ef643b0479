using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;
using Pneumonia.ML.Data;

namespace Pneumonia.ML.MLNet;

/// <summary>What an image column of an <see cref="IDataView"/> holds.</summary>
internal enum ImageColumnKind
{
    /// <summary>Text: the path of a JPEG or PNG file.</summary>
    Path,

    /// <summary>A vector of bytes: a JPEG or PNG file's contents (<c>LoadRawImageBytes</c>, or a <c>byte[]</c> property).</summary>
    Bytes,

    /// <summary>An image ML.NET has decoded (<c>LoadImages</c>).</summary>
    Image,
}

/// <summary>
/// Reads the image of each row of an <see cref="IDataView"/> column, whichever of the three kinds it holds, and
/// checks the label column; errors name the column and the row.
/// </summary>
internal sealed class ImageColumn
{
    private readonly ValueGetter<ReadOnlyMemory<char>>? _path;
    private readonly ValueGetter<VBuffer<byte>>? _bytes;
    private readonly ValueGetter<MLImage>? _image;
    private readonly DataViewRow _row;
    private MLImage? _lastImage;

    private ImageColumn(DataViewRow row, DataViewSchema.Column column, ImageColumnKind kind)
    {
        _row = row;
        Name = column.Name;
        Kind = kind;
        switch (kind)
        {
            case ImageColumnKind.Path: _path = row.GetGetter<ReadOnlyMemory<char>>(column); break;
            case ImageColumnKind.Bytes: _bytes = row.GetGetter<VBuffer<byte>>(column); break;
            default: _image = row.GetGetter<MLImage>(column); break;
        }
    }

    public string Name { get; }

    public ImageColumnKind Kind { get; }

    /// <summary>The column's kind, or an <see cref="InvalidColumnException"/> saying what is wrong with it.</summary>
    public static ImageColumnKind Check(DataViewSchema schema, string name)
    {
        DataViewSchema.Column column = schema.GetColumnOrNull(name)
            ?? throw new InvalidColumnException(name, $"the data has no such column (it has {Describe(schema)}).");
        return KindOf(column.Type) ?? throw new InvalidColumnException(name,
            $"it holds {column.Type}; it must hold image file paths (text), image file bytes (a vector of Byte) or images (LoadImages).");
    }

    /// <summary>The same check on a schema shape (an estimator's <c>GetOutputSchema</c>).</summary>
    public static void Check(SchemaShape schema, string name)
    {
        if (!schema.TryFindColumn(name, out SchemaShape.Column column))
            throw new InvalidColumnException(name, "the data has no such column.");
        bool ok = column.Kind switch
        {
            SchemaShape.Column.VectorKind.Scalar => column.ItemType is TextDataViewType or ImageDataViewType,
            _ => column.Kind == SchemaShape.Column.VectorKind.VariableVector && column.ItemType == NumberDataViewType.Byte ||
                column.Kind == SchemaShape.Column.VectorKind.Vector && column.ItemType == NumberDataViewType.Byte,
        };
        if (!ok)
            throw new InvalidColumnException(name,
                $"it holds {column.ItemType} ({column.Kind}); it must hold image file paths (text), image file bytes (a vector of Byte) or images (LoadImages).");
    }

    /// <summary>Checks that the label column exists and is Boolean (true for pneumonia).</summary>
    public static DataViewSchema.Column CheckLabel(DataViewSchema schema, string name)
    {
        DataViewSchema.Column column = schema.GetColumnOrNull(name)
            ?? throw new InvalidColumnException(name, $"the data has no such label column (it has {Describe(schema)}).");
        if (column.Type != BooleanDataViewType.Instance)
            throw new InvalidColumnException(name, $"the label column holds {column.Type}; it must hold Boolean values (true for pneumonia)." + KeyHint(column.Type is KeyDataViewType));
        return column;
    }

    /// <summary>The same check on a schema shape.</summary>
    public static void CheckLabel(SchemaShape schema, string name)
    {
        if (!schema.TryFindColumn(name, out SchemaShape.Column column))
            throw new InvalidColumnException(name, "the data has no such label column.");
        if (column.Kind != SchemaShape.Column.VectorKind.Scalar || column.ItemType != BooleanDataViewType.Instance)
            throw new InvalidColumnException(name, $"the label column holds {column.ItemType} ({column.Kind}); it must hold Boolean values (true for pneumonia)." + KeyHint(column.IsKey));
    }

    private static string KeyHint(bool isKey) =>
        isKey ? " For classes as a key column (MapValueToKey) use mlContext.MulticlassClassification.Trainers.Pneumonia." : "";

    /// <summary>A reader of the column's value in <paramref name="row"/> (which must have the column active).</summary>
    public static ImageColumn Open(DataViewRow row, string name)
    {
        DataViewSchema.Column column = row.Schema[name];
        return new ImageColumn(row, column, Check(row.Schema, name));
    }

    /// <summary>What to call the current row's image in errors: its path, or its row and column.</summary>
    public string Source(out string? path)
    {
        path = null;
        if (Kind != ImageColumnKind.Path) return $"row {_row.Position} of column '{Name}'";
        ReadOnlyMemory<char> value = default;
        _path!(ref value);
        path = value.ToString();
        return path;
    }

    /// <summary>The current row's image as a record for training: its path, its bytes, or its decoded pixels.</summary>
    public ImageRecord Record(bool label, ImagePreprocessor preprocessor)
    {
        string source = Source(out string? path);
        switch (Kind)
        {
            case ImageColumnKind.Path:
                if (string.IsNullOrWhiteSpace(path)) throw new InvalidImageException($"row {_row.Position} of column '{Name}'", "the path is empty.");
                return new ImageRecord { ImagePath = path, Label = label, PatientId = PatientId.FromFileName(path) };
            case ImageColumnKind.Bytes:
                return new ImageRecord { ImagePath = source, Label = label, PatientId = source, Encoded = Bytes() };
            default:
            {
                (byte[] pixels, (int Width, int Height) size) = preprocessor.DecodeMLImageWithSize(Image(source), source);
                return new ImageRecord { ImagePath = source, Label = label, PatientId = source, Pixels = pixels, OriginalSize = size };
            }
        }
    }

    /// <summary>The current row's image scored by <paramref name="classifier"/>: its probability of pneumonia and of every class.</summary>
    public ImageScores Scores(PneumoniaClassifier classifier)
    {
        string source = Source(out string? path);
        switch (Kind)
        {
            case ImageColumnKind.Path:
                if (string.IsNullOrWhiteSpace(path)) throw new InvalidImageException(source, "the path is empty.");
                return classifier.ScoresOfFile(path);
            case ImageColumnKind.Bytes:
                return classifier.ScoresOf(Bytes(), source);
            default:
                return classifier.ScoresOf(Image(source), source);
        }
    }

    /// <summary>
    /// A value that changes when the current row's path or bytes do (to know when a cached score is stale); null for
    /// decoded images, whose rows are told apart by position only.
    /// </summary>
    public string? Identity()
    {
        switch (Kind)
        {
            case ImageColumnKind.Path:
                ReadOnlyMemory<char> value = default;
                _path!(ref value);
                return value.ToString();
            case ImageColumnKind.Bytes:
                return Convert.ToBase64String(Bytes());
            default:
                return null;
        }
    }

    private byte[] Bytes()
    {
        VBuffer<byte> value = default;
        _bytes!(ref value);
        return value.DenseValues().ToArray();
    }

    /// <summary>
    /// The current row's image. As ML.NET's own readers do, the previous value is handed back to the getter, which
    /// disposes or reuses it if it made it (<c>LoadImages</c>); an image from the caller's own rows is never disposed here.
    /// </summary>
    private MLImage Image(string source)
    {
        _image!(ref _lastImage!);
        return _lastImage ?? throw new InvalidImageException(source, "the column holds no image for this row.");
    }

    private static ImageColumnKind? KindOf(DataViewType type) => type switch
    {
        TextDataViewType => ImageColumnKind.Path,
        VectorDataViewType { ItemType: var item } when item == NumberDataViewType.Byte => ImageColumnKind.Bytes,
        ImageDataViewType => ImageColumnKind.Image,
        _ => null,
    };

    /// <summary>The schema's visible columns, for error messages.</summary>
    public static string Describe(DataViewSchema schema) =>
        schema.Count == 0 ? "no columns" : string.Join(", ", schema.Where(c => !c.IsHidden).Select(c => $"'{c.Name}'"));
}
