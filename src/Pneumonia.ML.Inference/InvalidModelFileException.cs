namespace Pneumonia.ML;

/// <summary>A model file cannot be loaded: missing, not a Pneumonia.ML model, damaged, or from a newer version.</summary>
public sealed class InvalidModelFileException : Exception
{
    /// <summary>Creates the exception for <paramref name="path"/>.</summary>
    /// <param name="path">The model file.</param>
    /// <param name="reason">Why it was refused, as a sentence.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public InvalidModelFileException(string path, string reason, Exception? innerException = null)
        : base($"The model file '{path}' cannot be loaded: {reason}", innerException)
    {
        Path = path;
        Reason = reason;
    }

    /// <summary>The model file.</summary>
    public string Path { get; }

    /// <summary>Why it was refused.</summary>
    public string Reason { get; }
}
