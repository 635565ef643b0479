namespace Pneumonia.WebApi;

/// <summary>
/// Recognises a full Pneumonia.ML model file (<c>PneumoniaClassifier.Save</c>, <c>pneumonia train</c>) from its first
/// bytes, the magic <c>PNEUMOML</c> of the checksummed container (docs/design.md), so that the app can say how to
/// convert it instead of only that it is not an inference model.
/// </summary>
internal static class FullModelFile
{
    private static readonly byte[] Magic = "PNEUMOML"u8.ToArray();

    /// <summary>
    /// True for a regular file that starts with the full model's magic. Only a file whose length says it holds at least
    /// the container's header and checksum is opened: named pipes and devices report no length, so they are never
    /// opened here (the inference package refuses them with its own reason); any failure to read means "no".
    /// </summary>
    public static bool Is(string path)
    {
        try
        {
            var file = new FileInfo(path);
            if (!file.Exists || file.Length < Magic.Length + 8 + 32) return false;
            using FileStream stream = file.OpenRead();
            byte[] head = new byte[Magic.Length];
            stream.ReadExactly(head);
            return head.AsSpan().SequenceEqual(Magic);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return false;
        }
    }
}
