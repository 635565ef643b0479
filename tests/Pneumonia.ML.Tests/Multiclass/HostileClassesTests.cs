using System.Text.Json.Nodes;
using Pneumonia.ML.Persistence;

namespace Pneumonia.ML.Tests;

/// <summary>Model files whose class fields are bad are refused on load, naming the file and the field.</summary>
public class HostileClassesTests
{
    private const string Magic = "PNEUMOML";

    public static TheoryData<string, string, string> BadClasses => new()
    {
        { "[\"NORMAL\"]", "\"NormalBacterialViral\"", "field Classes (1)" },
        { "[\"VIRAL\",\"NORMAL\"]", "\"Folders\"", "field Classes (VIRAL, NORMAL) is not a sorted list" },
        { "[\"a\",\"A\"]", "\"Folders\"", "field Classes" },
        { "[\"\",\"b\"]", "\"Folders\"", "field Classes" },
        { "[\"a\",\"b\"]", "null", "field ClassSource" },
        { "[\"a\",\"b\"]", "\"Folders\"", "field EnsembleSize (2) must be 1" },
        { "null", "\"Folders\"", "field ClassSource (Folders) is given without Classes" },
    };

    [Theory]
    [MemberData(nameof(BadClasses))]
    public void Bad_classes_are_refused_naming_the_field(string classes, string source, string expected)
    {
        string path = FormatFixtureClassifier.ModelPath;
        (_, byte[][] sections) = ChecksummedFile.Read(File.ReadAllBytes(path), path, Magic, ModelFile.FormatVersion, "model");
        JsonObject metadata = JsonNode.Parse(sections[0])!.AsObject();
        metadata["Classes"] = JsonNode.Parse(classes);
        metadata["ClassSource"] = JsonNode.Parse(source);
        string crafted = Path.Combine(Fixtures.NewTempFolder(), "crafted.model");
        ChecksummedFile.Write(crafted, Magic, ModelFile.FormatVersion, [System.Text.Encoding.UTF8.GetBytes(metadata.ToJsonString()), sections[1]]);

        var error = Assert.Throws<InvalidModelFileException>(() => PneumoniaClassifier.Load(crafted));

        Assert.Contains(crafted, error.Message);
        Assert.Contains(expected, error.Reason);
    }
}
