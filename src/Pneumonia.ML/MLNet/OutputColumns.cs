using Microsoft.ML;

namespace Pneumonia.ML.MLNet;

/// <summary>
/// The columns a pneumonia transformer appends to its input, and how one image's scores fill them: ML.NET's
/// binary-classification columns (<see cref="BinaryColumns"/>) or its multiclass ones (<see cref="MulticlassColumns"/>).
/// Appended columns hide input columns of the same names, as ML.NET's scorers do.
/// </summary>
internal abstract class OutputColumns
{
    /// <summary>The input schema with the columns appended.</summary>
    public DataViewSchema Append(DataViewSchema input)
    {
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(input);
        AddTo(builder);
        return builder.ToSchema();
    }

    /// <summary>
    /// The getter of the appended column <paramref name="index"/> (0 for the first appended), reading the row's scores
    /// from <paramref name="scores"/> (which scores the image once per row).
    /// </summary>
    public abstract Delegate Getter(int index, Func<ImageScores> scores);

    /// <summary>Adds the columns, in order, with their annotations.</summary>
    protected abstract void AddTo(DataViewSchema.Builder builder);

    /// <summary>The input schema shape with <paramref name="added"/> appended (an estimator's <c>GetOutputSchema</c>).</summary>
    protected static SchemaShape Append(SchemaShape input, IEnumerable<SchemaShape.Column> added)
    {
        var columns = input.ToDictionary(c => c.Name);
        foreach (SchemaShape.Column column in added) columns[column.Name] = column;
        return new SchemaShape(columns.Values);
    }
}
