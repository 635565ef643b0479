namespace Pneumonia.ML;

/// <summary>The N×N confusion matrix of a classifier with N classes: rows are the actual class, columns the predicted one.</summary>
public sealed record PneumoniaMulticlassConfusionMatrix
{
    private readonly int[][] _counts;

    internal PneumoniaMulticlassConfusionMatrix(IReadOnlyList<string> classes, int[][] counts)
    {
        Classes = classes;
        _counts = counts;
    }

    /// <summary>The class names, in index order (rows and columns).</summary>
    public IReadOnlyList<string> Classes { get; }

    /// <summary>The counts, one row per actual class, each with one count per predicted class.</summary>
    public IReadOnlyList<IReadOnlyList<int>> Counts => _counts;

    /// <summary>Images of class <paramref name="actual"/> predicted as <paramref name="predicted"/> (class indexes).</summary>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside the classes.</exception>
    public int GetCount(int actual, int predicted)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(actual);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(actual, Classes.Count);
        ArgumentOutOfRangeException.ThrowIfNegative(predicted);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(predicted, Classes.Count);
        return _counts[actual][predicted];
    }
}
