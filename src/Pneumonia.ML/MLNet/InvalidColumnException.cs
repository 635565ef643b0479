namespace Pneumonia.ML;

/// <summary>
/// A column of an ML.NET <c>IDataView</c> cannot be used by <see cref="PneumoniaEstimator"/> or
/// <see cref="PneumoniaTransformer"/>: it is missing or holds the wrong type.
/// </summary>
public sealed class InvalidColumnException : Exception
{
    /// <summary>Creates the exception for the column <paramref name="columnName"/>.</summary>
    /// <param name="columnName">The column that was refused.</param>
    /// <param name="reason">Why, as a sentence.</param>
    public InvalidColumnException(string columnName, string reason)
        : base($"The column '{columnName}' cannot be used: {reason}")
    {
        ColumnName = columnName;
        Reason = reason;
    }

    /// <summary>The column that was refused.</summary>
    public string ColumnName { get; }

    /// <summary>Why it was refused.</summary>
    public string Reason { get; }
}
