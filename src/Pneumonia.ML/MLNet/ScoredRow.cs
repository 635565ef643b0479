using Microsoft.ML;
using Microsoft.ML.Data;

namespace Pneumonia.ML.MLNet;

/// <summary>
/// A row (or cursor) of the input with <see cref="ScoreColumns"/> appended. Input columns are passed through; the
/// three new ones are computed once per row, when the first of them is read, by scoring the row's image.
/// </summary>
internal sealed class ScoredRow : DataViewRowCursor
{
    private readonly DataViewRow _input;
    private readonly PneumoniaClassifier _classifier;
    private readonly ImageColumn? _image;
    private readonly bool[] _activeOutputs;
    private readonly int _inputCount;
    private long _scoredPosition = long.MinValue;
    private string? _scoredIdentity;
    private float _score, _probability;
    private bool _predicted;

    /// <param name="input">The input row or cursor; disposed with this one.</param>
    /// <param name="schema">The output schema (<see cref="ScoreColumns.Append(DataViewSchema)"/> of the input's).</param>
    /// <param name="classifier">What scores the images.</param>
    /// <param name="imageColumnName">The input's image column (active in <paramref name="input"/> when an output column is).</param>
    /// <param name="activeOutputs">Which of the three appended columns are read.</param>
    public ScoredRow(DataViewRow input, DataViewSchema schema, PneumoniaClassifier classifier, string imageColumnName, bool[] activeOutputs)
    {
        _input = input;
        Schema = schema;
        _classifier = classifier;
        _inputCount = input.Schema.Count;
        _activeOutputs = activeOutputs;
        if (activeOutputs.Any(a => a)) _image = ImageColumn.Open(input, imageColumnName);
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
        Delegate getter = (column.Index - _inputCount) switch
        {
            0 => (ValueGetter<float>)((ref float value) => { Ensure(); value = _score; }),
            1 => (ValueGetter<float>)((ref float value) => { Ensure(); value = _probability; }),
            _ => (ValueGetter<bool>)((ref bool value) => { Ensure(); value = _predicted; }),
        };
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

    /// <summary>Scores the current row unless it was the last one scored.</summary>
    private void Ensure()
    {
        string? identity = _image!.Identity();
        // A path or the bytes tell rows apart even where the position does not move (a prediction engine's row).
        if (_scoredPosition == Position && identity == _scoredIdentity && (identity is not null || Position >= 0)) return;
        _probability = _image.Probability(_classifier);
        _predicted = _probability >= _classifier.Threshold;
        _score = ScoreColumns.Margin(_probability, _classifier.Threshold);
        _scoredPosition = Position;
        _scoredIdentity = identity;
    }
}
