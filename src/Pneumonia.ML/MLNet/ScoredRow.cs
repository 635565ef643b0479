using Microsoft.ML;
using Microsoft.ML.Data;

namespace Pneumonia.ML.MLNet;

/// <summary>
/// A row (or cursor) of the input with a scorer's <see cref="OutputColumns"/> appended. Input columns are passed
/// through; the row's image is scored once, when the first appended column is read, and fills them all.
/// </summary>
internal sealed class ScoredRow : DataViewRowCursor
{
    private readonly DataViewRow _input;
    private readonly ImageScorer _scorer;
    private readonly ImageColumn? _image;
    private readonly bool[] _activeOutputs;
    private readonly int _inputCount;
    private long _scoredPosition = long.MinValue;
    private string? _scoredIdentity;
    private ImageScores? _scores;

    /// <param name="input">The input row or cursor; disposed with this one.</param>
    /// <param name="schema">The output schema (<see cref="OutputColumns.Append(DataViewSchema)"/> of the input's).</param>
    /// <param name="scorer">What scores the images, from which column, into which columns (its image column is active in <paramref name="input"/> when an appended column is).</param>
    /// <param name="activeOutputs">Which of the appended columns are read.</param>
    public ScoredRow(DataViewRow input, DataViewSchema schema, ImageScorer scorer, bool[] activeOutputs)
    {
        _input = input;
        Schema = schema;
        _scorer = scorer;
        _inputCount = input.Schema.Count;
        _activeOutputs = activeOutputs;
        if (activeOutputs.Any(a => a)) _image = ImageColumn.Open(input, scorer.ImageColumnName);
    }

    public override DataViewSchema Schema { get; }

    public override long Position => _input.Position;

    public override long Batch => _input.Batch;

    public override ValueGetter<DataViewRowId> GetIdGetter() => _input.GetIdGetter();

    public override bool IsColumnActive(DataViewSchema.Column column) =>
        column.Index < _inputCount ? _input.IsColumnActive(_input.Schema[column.Index]) : _activeOutputs[column.Index - _inputCount];

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
    {
        if (column.Index < _inputCount) return _input.GetGetter<TValue>(_input.Schema[column.Index]);
        if (!IsColumnActive(column)) throw new InvalidOperationException($"The column '{column.Name}' is not active in this cursor.");
        Delegate getter = _scorer.Columns.Getter(column.Index - _inputCount, Ensure);
        return getter as ValueGetter<TValue> ?? throw new InvalidOperationException(
            $"The column '{column.Name}' holds {column.Type}, not {typeof(TValue).Name}.");
    }

    public override bool MoveNext() =>
        _input is DataViewRowCursor cursor ? cursor.MoveNext() : throw new InvalidOperationException("This row is not a cursor.");

    protected override void Dispose(bool disposing)
    {
        if (disposing) _input.Dispose();
        base.Dispose(disposing);
    }

    /// <summary>The current row's scores: computed unless it was the last row scored.</summary>
    private ImageScores Ensure()
    {
        string? identity = _image!.Identity();
        // A path or the bytes tell rows apart even where the position does not move (a prediction engine's row).
        if (_scores is not null && _scoredPosition == Position && identity == _scoredIdentity && (identity is not null || Position >= 0)) return _scores;
        _scores = _image.Scores(_scorer.Classifier);
        _scoredPosition = Position;
        _scoredIdentity = identity;
        return _scores;
    }
}
