using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Pneumonia.Samples.Tests.WebApi;

/// <summary>
/// Model files with one metadata field changed and a correct checksum, made from a real one. The container: magic
/// (8 bytes), version (int32), section count (int32), each section as length (int64) and bytes, SHA-256 of all before.
/// </summary>
internal static class ModelFiles
{
    public static string WithField(string modelPath, string field, JsonNode? value)
    {
        byte[] file = File.ReadAllBytes(modelPath);
        int count = BitConverter.ToInt32(file, 12);
        var sections = new List<byte[]>();
        int at = 16;
        for (int i = 0; i < count; i++)
        {
            long length = BitConverter.ToInt64(file, at);
            sections.Add(file.AsSpan(at + 8, (int)length).ToArray());
            at += 8 + (int)length;
        }
        JsonObject metadata = JsonNode.Parse(sections[0])!.AsObject();
        metadata[field] = value;
        sections[0] = System.Text.Encoding.UTF8.GetBytes(metadata.ToJsonString());

        using var crafted = new MemoryStream();
        crafted.Write(file.AsSpan(0, 16));
        foreach (byte[] section in sections)
        {
            crafted.Write(BitConverter.GetBytes((long)section.Length));
            crafted.Write(section);
        }
        crafted.Write(SHA256.HashData(crafted.ToArray()));
        string path = Path.Combine(SampleData.NewTempFolder(), $"bad-{field}{Path.GetExtension(modelPath)}");
        File.WriteAllBytes(path, crafted.ToArray());
        return path;
    }
}
