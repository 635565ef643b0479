namespace Pneumonia.ML;

/// <summary>An image could not be used: missing, empty, not a JPEG or PNG, or damaged.</summary>
public sealed class InvalidImageException : Exception
{
    /// <summary>Creates the exception for <paramref name="path"/>.</summary>
    /// <param name="path">The file (or a description of the stream) that was refused.</param>
    /// <param name="reason">Why, as a sentence that completes "The image … was refused: ".</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public InvalidImageException(string path, string reason, Exception? innerException = null)
        : base($"The image '{path}' was refused: {reason}", innerException)
    {
        Path = path;
        Reason = reason;
    }

    /// <summary>The file (or a description of the stream) that was refused.</summary>
    public string Path { get; }

    /// <summary>Why it was refused.</summary>
    public string Reason { get; }
}
