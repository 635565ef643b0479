using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pneumonia.ML.Persistence;

/// <summary>
/// The single-file model format: a <see cref="ChecksummedFile"/> with magic <c>PNEUMOML</c> and two sections, the
/// metadata (UTF-8 JSON of <see cref="StoredMetadata"/>) and the weights (a TorchSharp state dictionary, <see cref="SavedNetwork"/>).
/// </summary>
internal static class ModelFile
{
    public const int FormatVersion = 1;
    private const string Magic = "PNEUMOML";

    internal static readonly JsonSerializerOptions Json = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    public static void Write(string path, ModelMetadata metadata, byte[] weights) =>
        ChecksummedFile.Write(path, Magic, FormatVersion, Sections(metadata, weights));

    /// <summary>Writes the model file's bytes to a stream the caller owns.</summary>
    public static void Write(Stream stream, ModelMetadata metadata, byte[] weights) =>
        ChecksummedFile.Write(stream, Magic, FormatVersion, Sections(metadata, weights));

    private static byte[][] Sections(ModelMetadata metadata, byte[] weights) =>
        [JsonSerializer.SerializeToUtf8Bytes(StoredMetadata.From(metadata), Json), weights];

    public static (ModelMetadata Metadata, byte[] Weights) Read(string path)
    {
        string fullPath = Path.GetFullPath(path);
        return Read(ReadFile(fullPath), fullPath);
    }

    /// <summary>Reads a model file whole (see <see cref="ChecksummedFile.ReadFile"/>: non-regular, oversized and foreign files are refused unread).</summary>
    public static byte[] ReadFile(string fullPath) => ChecksummedFile.ReadFile(fullPath, Magic, FormatVersion, "model");

    /// <param name="bytes">The whole file.</param>
    /// <param name="fullPath">What to call it in errors.</param>
    public static (ModelMetadata Metadata, byte[] Weights) Read(byte[] bytes, string fullPath)
    {
        (_, byte[][] sections) = ChecksummedFile.Read(bytes, fullPath, Magic, FormatVersion, "model");
        if (sections.Length != 2) throw new InvalidModelFileException(fullPath, $"it has {sections.Length} sections instead of 2.");

        ModelMetadata metadata;
        try
        {
            StoredMetadata stored = JsonSerializer.Deserialize<StoredMetadata>(sections[0], Json) ?? throw new JsonException("empty metadata");
            StoredMetadataCheck.Check(stored, fullPath);
            metadata = stored.ToMetadata();
        }
        catch (JsonException e)
        {
            throw new InvalidModelFileException(fullPath, "its metadata cannot be read.", e);
        }
        return (metadata, sections[1]);
    }
}
