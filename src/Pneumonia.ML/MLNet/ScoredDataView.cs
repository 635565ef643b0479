using Microsoft.ML;

namespace Pneumonia.ML.MLNet;

/// <summary>The lazy result of a pneumonia transformer's <c>Transform</c>: the input with the scorer's columns appended.</summary>
internal sealed class ScoredDataView : IDataView
{
    private readonly IDataView _input;
    private readonly ImageScorer _scorer;

    public ScoredDataView(IDataView input, ImageScorer scorer)
    {
        _input = input;
        _scorer = scorer;
        Schema = scorer.Columns.Append(input.Schema);
    }

    public bool CanShuffle => _input.CanShuffle;

    public DataViewSchema Schema { get; }

    public long? GetRowCount() => _input.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        (IEnumerable<DataViewSchema.Column> inputColumns, bool[] outputs) = RowMapper.Dependencies(_input.Schema, Schema, columnsNeeded, _scorer.ImageColumnName);
        return new ScoredRow(_input.GetRowCursor(inputColumns, rand), Schema, _scorer, outputs);
    }

    // Scoring holds the classifier's lock per image, so parallel cursors would gain little: one cursor.
    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];
}
