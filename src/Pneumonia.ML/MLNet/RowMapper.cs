using Microsoft.ML;
using Microsoft.ML.Data;

namespace Pneumonia.ML.MLNet;

/// <summary>
/// A pneumonia transformer as a row-to-row mapper, which is what ML.NET's <c>PredictionEngine</c> runs: one row in,
/// the same row with the scorer's columns appended out.
/// </summary>
internal sealed class RowMapper : IRowToRowMapper
{
    private readonly ImageScorer _scorer;

    public RowMapper(DataViewSchema inputSchema, ImageScorer scorer)
    {
        ImageColumn.Check(inputSchema, scorer.ImageColumnName);
        InputSchema = inputSchema;
        OutputSchema = scorer.Columns.Append(inputSchema);
        _scorer = scorer;
    }

    public DataViewSchema InputSchema { get; }

    public DataViewSchema OutputSchema { get; }

    public IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns) =>
        Dependencies(InputSchema, OutputSchema, dependingColumns, _scorer.ImageColumnName).Input;

    public DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns)
    {
        (_, bool[] outputs) = Dependencies(InputSchema, OutputSchema, activeColumns, _scorer.ImageColumnName);
        return new ScoredRow(input, OutputSchema, _scorer, outputs);
    }

    /// <summary>
    /// Which input columns the wanted output columns need (themselves, and the image column for any appended one),
    /// and which of the appended columns are wanted.
    /// </summary>
    internal static (IEnumerable<DataViewSchema.Column> Input, bool[] Outputs) Dependencies(DataViewSchema input, DataViewSchema output,
        IEnumerable<DataViewSchema.Column> wanted, string imageColumnName)
    {
        var inputColumns = new List<DataViewSchema.Column>();
        bool[] outputs = new bool[output.Count - input.Count];
        foreach (DataViewSchema.Column column in wanted)
        {
            if (column.Index < input.Count) inputColumns.Add(input[column.Index]);
            else outputs[column.Index - input.Count] = true;
        }
        if (outputs.Any(o => o))
        {
            DataViewSchema.Column image = input.GetColumnOrNull(imageColumnName)
                ?? throw new InvalidColumnException(imageColumnName, "the data has no such column.");
            if (!inputColumns.Any(c => c.Index == image.Index)) inputColumns.Add(image);
        }
        return (inputColumns, outputs);
    }
}
