namespace Pneumonia.ML;

/// <summary>A training image left out because it could not be read (see <c>PneumoniaTrainingOptions.SkipUnreadableImages</c>).</summary>
public sealed record PneumoniaSkippedImage
{
    internal PneumoniaSkippedImage(string path, string reason)
    {
        Path = path;
        Reason = reason;
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>Why it could not be used.</summary>
    public string Reason { get; }
}
