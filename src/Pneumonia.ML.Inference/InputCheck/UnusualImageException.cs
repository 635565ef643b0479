namespace Pneumonia.ML;

/// <summary>
/// An image does not look like a chest X-ray the classifier was trained on, and
/// <c>PneumoniaInferenceOptions.RejectUnusualImages</c> asked for such images to be refused.
/// </summary>
public sealed class UnusualImageException : Exception
{
    internal UnusualImageException(string path, string reason)
        : base($"The image '{path}' was refused as unusual: {reason}")
    {
        Path = path;
        Reason = reason;
    }

    /// <summary>The file (or a description of the stream) that was refused.</summary>
    public string Path { get; }

    /// <summary>Why, as in <see cref="PneumoniaInputCheck.Reason"/>.</summary>
    public string Reason { get; }
}
