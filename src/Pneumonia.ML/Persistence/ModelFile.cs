using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pneumonia.ML.Persistence;

/// <summary>
/// The single-file model format:
/// <code>
/// "PNEUMOML" (8 bytes) | format version (int32) | metadata length (int32) | metadata (UTF-8 JSON)
/// | weights length (int64) | weights (TorchSharp state dictionary) | SHA-256 of everything before (32 bytes)
/// </code>
/// Written to a temporary file in the same folder and renamed over the target, so an existing model is never
/// half-overwritten.
/// </summary>
internal static class ModelFile
{
    public const int FormatVersion = 1;
    private static readonly byte[] Magic = "PNEUMOML"u8.ToArray();
    private const int HashLength = 32;

    private static readonly JsonSerializerOptions Json = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    public static void Write(string path, ModelMetadata metadata, byte[] weights)
    {
        string fullPath = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(fullPath)!;
        Directory.CreateDirectory(folder);

        byte[] metadataBytes = JsonSerializer.SerializeToUtf8Bytes(metadata, Json);
        using var body = new MemoryStream();
        using (var writer = new BinaryWriter(body, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(FormatVersion);
            writer.Write(metadataBytes.Length);
            writer.Write(metadataBytes);
            writer.Write((long)weights.Length);
            writer.Write(weights);
        }
        byte[] hash = SHA256.HashData(body.GetBuffer().AsSpan(0, (int)body.Length));

        string temporary = Path.Combine(folder, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                file.Write(body.GetBuffer(), 0, (int)body.Length);
                file.Write(hash);
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, fullPath, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    public static (ModelMetadata Metadata, byte[] Weights) Read(string path)
    {
        string fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath)) throw new InvalidModelFileException(fullPath, "the file does not exist.");

        byte[] bytes = File.ReadAllBytes(fullPath);
        int headerLength = Magic.Length + sizeof(int) + sizeof(int);
        if (bytes.Length < headerLength + sizeof(long) + HashLength || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw new InvalidModelFileException(fullPath, "it is not a Pneumonia.ML model file.");

        int version = BitConverter.ToInt32(bytes, Magic.Length);
        if (version > FormatVersion)
            throw new InvalidModelFileException(fullPath,
                $"it was written in format version {version}, and this version of Pneumonia.ML reads up to {FormatVersion}. Upgrade the Pneumonia.ML package.");
        if (version < 1)
            throw new InvalidModelFileException(fullPath, $"its format version {version} is not valid.");

        ReadOnlySpan<byte> body = bytes.AsSpan(0, bytes.Length - HashLength);
        if (!SHA256.HashData(body).AsSpan().SequenceEqual(bytes.AsSpan(bytes.Length - HashLength)))
            throw new InvalidModelFileException(fullPath, "its checksum does not match: the file is truncated or damaged.");

        int metadataLength = BitConverter.ToInt32(bytes, Magic.Length + sizeof(int));
        long weightsAt = headerLength + (long)metadataLength;
        if (metadataLength < 0 || weightsAt + sizeof(long) > body.Length)
            throw new InvalidModelFileException(fullPath, "its header is inconsistent.");
        long weightsLength = BitConverter.ToInt64(bytes, (int)weightsAt);
        if (weightsLength < 0 || weightsAt + sizeof(long) + weightsLength != body.Length)
            throw new InvalidModelFileException(fullPath, "its weight section has the wrong length.");

        ModelMetadata metadata;
        try
        {
            metadata = JsonSerializer.Deserialize<ModelMetadata>(bytes.AsSpan(headerLength, metadataLength), Json)
                ?? throw new JsonException("empty metadata");
        }
        catch (JsonException e)
        {
            throw new InvalidModelFileException(fullPath, "its metadata cannot be read.", e);
        }
        if (!Enum.IsDefined(metadata.Architecture))
            throw new InvalidModelFileException(fullPath, $"it holds an architecture this version does not know ({metadata.Architecture}).");

        byte[] weights = bytes.AsSpan((int)(weightsAt + sizeof(long)), (int)weightsLength).ToArray();
        return (metadata, weights);
    }
}
