using System.Text.Json.Nodes;
using Pneumonia.ML.Persistence;

namespace Pneumonia.ML.Tests;

/// <summary>
/// Model files with a valid checksum whose fields are out of range: each is refused on load with an
/// InvalidModelFileException naming the file and the field, before any network is built from it.
/// </summary>
public class HostileModelFileTests
{
    private const string Magic = "PNEUMOML";

    private static (JsonObject Metadata, byte[] Weights) Fixture()
    {
        string path = FormatFixtureClassifier.ModelPath;
        (_, byte[][] sections) = ChecksummedFile.Read(File.ReadAllBytes(path), path, Magic, ModelFile.FormatVersion, "model");
        return (JsonNode.Parse(sections[0])!.AsObject(), sections[1]);
    }

    /// <summary>Writes a model file with a correct checksum from the given sections.</summary>
    private static string Craft(JsonObject metadata, byte[] weights)
    {
        string path = Path.Combine(Fixtures.NewTempFolder(), "crafted.model");
        ChecksummedFile.Write(path, Magic, ModelFile.FormatVersion, [System.Text.Encoding.UTF8.GetBytes(metadata.ToJsonString()), weights]);
        return path;
    }

    private static InvalidModelFileException Refused(string path)
    {
        var error = Assert.Throws<InvalidModelFileException>(() => PneumoniaClassifier.Load(path));
        Assert.Equal(path, error.Path);
        Assert.Contains(path, error.Message);
        return error;
    }

    public static TheoryData<string, string> BadFields => new()
    {
        { "ImageSize", "0" },
        { "ImageSize", "-5" },
        { "ImageSize", "100000" },
        { "Threshold", "\"NaN\"" },
        { "Threshold", "0" },
        { "Threshold", "1.5" },
        { "CalibrationSlope", "\"Infinity\"" },
        { "CalibrationIntercept", "\"NaN\"" },
        { "EnsembleSize", "0" },
        { "EnsembleSize", "1000000" },
        { "BestEpoch", "-1" },
        { "TrainingHistory", "null" },
        { "ThresholdChoice", "null" },
        { "ThresholdOrigin", "{\"Rule\":99,\"Source\":\"ValidationSplit\",\"ImageCount\":10,\"PatientCount\":5}" },
        { "ThresholdOrigin", "{\"Rule\":\"Fixed\",\"Source\":\"OutOfFoldPredictions\",\"ImageCount\":10,\"PatientCount\":5,\"FoldCount\":5}" },
        { "ThresholdOrigin", "{\"Rule\":\"MaximiseYouden\",\"Source\":\"ValidationSplit\",\"ImageCount\":3,\"PatientCount\":5}" },
        { "ThresholdOrigin", "{\"Rule\":\"MaximiseYouden\",\"Source\":\"OutOfFoldPredictions\",\"ImageCount\":10,\"PatientCount\":5,\"FoldCount\":1}" },
        { "ThresholdOrigin", "{\"Rule\":\"MaximiseYouden\",\"Source\":\"ValidationSplit\",\"ImageCount\":10,\"PatientCount\":5,\"FoldCount\":1}" },
        { "ValidationMetrics", "{\"ConfusionMatrix\":null}" },
        { "OperatingPoints", "[null]" },
        { "ActivationRanges", "{\"input\":{\"Min\":\"NaN\",\"Max\":1}}" },
    };

    [Theory]
    [MemberData(nameof(BadFields))]
    public void A_field_out_of_range_is_refused_naming_it(string field, string json)
    {
        (JsonObject metadata, byte[] weights) = Fixture();
        metadata[field] = JsonNode.Parse(json);

        InvalidModelFileException error = Refused(Craft(metadata, weights));

        Assert.Contains($"field {field}", error.Reason);
    }

    [Fact]
    public void The_article_network_at_20000_pixels_is_refused_before_it_is_built()
    {
        (JsonObject metadata, byte[] weights) = Fixture();
        metadata["Architecture"] = "ArticleCnn";
        metadata["ImageSize"] = 20000;

        InvalidModelFileException error = Refused(Craft(metadata, weights));

        Assert.Contains("field ImageSize (20000) is outside ArticleCnn's range", error.Reason);
    }

    [Fact]
    public void Int8_weights_claiming_a_huge_shape_are_refused_before_their_values_are_read()
    {
        (JsonObject metadata, byte[] weights) = Fixture();
        // The first tensor: count (int32), name (length-prefixed string), rank (int64), then its sizes (int64 each).
        using var reader = new BinaryReader(new MemoryStream(weights));
        reader.ReadInt32();
        reader.ReadString();
        reader.ReadInt64();
        long firstSize = reader.BaseStream.Position;
        byte[] crafted = (byte[])weights.Clone();
        BitConverter.GetBytes(1L << 40).CopyTo(crafted, firstSize);

        long before = GC.GetAllocatedBytesForCurrentThread();
        InvalidModelFileException error = Refused(Craft(metadata, crafted));

        Assert.Contains("has shape [1099511627776", error.Reason);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 100_000_000, "nothing of the claimed size may be allocated");
    }

    [Fact]
    public void Int8_weights_with_another_tensor_count_are_refused()
    {
        (JsonObject metadata, byte[] weights) = Fixture();
        byte[] crafted = (byte[])weights.Clone();
        BitConverter.GetBytes(int.MaxValue).CopyTo(crafted, 0);

        Assert.Contains("tensors", Refused(Craft(metadata, crafted)).Reason);
    }

    [Fact]
    public void Weights_that_end_early_are_refused()
    {
        (JsonObject metadata, byte[] weights) = Fixture();

        Assert.Contains("weights do not fit", Refused(Craft(metadata, weights[..(weights.Length / 2)])).Reason);
    }
}
