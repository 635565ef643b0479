namespace Pneumonia.ML;

/// <summary>A folder of X-rays cannot be used: missing, wrongly laid out, or without images of a class.</summary>
public sealed class InvalidDatasetException : Exception
{
    /// <summary>Creates the exception for <paramref name="folder"/>.</summary>
    /// <param name="folder">The folder that was refused.</param>
    /// <param name="reason">Why, as a sentence.</param>
    public InvalidDatasetException(string folder, string reason)
        : base($"The folder '{folder}' cannot be used: {reason}")
    {
        Folder = folder;
        Reason = reason;
    }

    /// <summary>The folder that was refused.</summary>
    public string Folder { get; }

    /// <summary>Why it was refused.</summary>
    public string Reason { get; }
}
