using Microsoft.ML;

namespace Pneumonia.ML.MLNet;

/// <summary>The lazy result of <see cref="PneumoniaTransformer.Transform"/>: the input with the score columns appended.</summary>
internal sealed class ScoredDataView : IDataView
{
    private readonly IDataView _input;
    private readonly PneumoniaTransformer _transformer;

    public ScoredDataView(IDataView input, PneumoniaTransformer transformer)
    {
        _input = input;
        _transformer = transformer;
        Schema = ScoreColumns.Append(input.Schema);
    }

    public bool CanShuffle => _input.CanShuffle;

    public DataViewSchema Schema { get; }

    public long? GetRowCount() => _input.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        (IEnumerable<DataViewSchema.Column> inputColumns, bool[] outputs) = RowMapper.Dependencies(_input.Schema, Schema, columnsNeeded, _transformer.ImageColumnName);
        return new ScoredRow(_input.GetRowCursor(inputColumns, rand), Schema, _transformer.Classifier, _transformer.ImageColumnName, outputs);
    }

    // Scoring holds the classifier's lock per image, so parallel cursors would gain little: one cursor.
    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];
}
