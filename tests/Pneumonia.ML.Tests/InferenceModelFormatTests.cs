using Pneumonia.ML.Persistence;

namespace Pneumonia.ML.Tests;

/// <summary>
/// The inference model file's versions: the committed shipped model (format version 1, binary, written before inference
/// models held classes) keeps loading as a binary model, and classes that its graph cannot give are refused.
/// </summary>
public class InferenceModelFormatTests
{
    private static byte[] ShippedModelBytes()
    {
        using Stream resource = typeof(PneumoniaPredictor).Assembly.GetManifestResourceStream("Pneumonia.ML.Inference.DefaultModel.pnmi")!;
        using var bytes = new MemoryStream();
        resource.CopyTo(bytes);
        return bytes.ToArray();
    }

    [Fact]
    public void The_committed_shipped_model_is_format_version_1_and_loads_as_a_binary_model()
    {
        byte[] file = ShippedModelBytes();
        Assert.Equal("PNEUMOIX"u8.ToArray(), file[..8]);
        Assert.Equal(1, BitConverter.ToInt32(file, 8));

        using PneumoniaPredictor predictor = PneumoniaPredictor.LoadDefault();
        Assert.False(predictor.IsMulticlass);
        Assert.Equal(["NORMAL", "PNEUMONIA"], predictor.Classes);
        Assert.Equal(PneumoniaClasses.NormalPneumonia.Description, predictor.ClassesDescription);
        PneumoniaPrediction prediction = predictor.Predict(Fixtures.Images(Fixtures.SampleTest, "PNEUMONIA")[0]);
        Assert.Equal(prediction.Label, prediction.ClassLabel);
        Assert.Equal([1 - prediction.Probability, prediction.Probability], prediction.ClassProbabilities);
    }

    [Fact]
    public void Classes_for_a_graph_without_class_logits_are_refused_naming_the_file_and_the_field()
    {
        const string Source = "shipped-with-classes.pnmi";
        InferenceModel shipped = InferenceModelFile.Read(ShippedModelBytes(), Source);
        string path = Path.Combine(Fixtures.NewTempFolder(), Source);
        InferenceModelFile.Write(path, shipped with { Classes = ["BACTERIAL", "NORMAL", "VIRAL"], ClassesDescription = "a labelling rule" });

        var refused = Assert.Throws<InvalidModelFileException>(() => PneumoniaPredictor.Load(path));
        Assert.Equal(path, refused.Path);
        Assert.Contains("its field Classes (3 classes) is given and its ONNX graph has no \"class_logits\" output", refused.Message);
    }

    [Fact]
    public void A_binary_model_is_written_as_format_version_1_without_class_fields()
    {
        InferenceModel shipped = InferenceModelFile.Read(ShippedModelBytes(), "shipped");
        string path = Path.Combine(Fixtures.NewTempFolder(), "binary.pnmi");
        InferenceModelFile.Write(path, shipped);

        Assert.Equal(ShippedModelBytes(), File.ReadAllBytes(path));
    }

    [Fact]
    public void A_file_without_a_threshold_origin_loads_with_an_unrecorded_rule_and_its_words()
    {
        // Files written before origins were stored lack the field: the same file without it stands in for them.
        byte[] file = ShippedModelBytes();
        (int version, byte[][] sections) = ChecksummedFile.Read(file, "shipped", "PNEUMOIX", InferenceModelFile.FormatVersion, "inference model");
        var metadata = System.Text.Json.Nodes.JsonNode.Parse(sections[0])!.AsObject();
        Assert.True(metadata.Remove("ThresholdOrigin"));
        string path = Path.Combine(Fixtures.NewTempFolder(), "before-origins.pnmi");
        ChecksummedFile.Write(path, "PNEUMOIX", version, [System.Text.Encoding.UTF8.GetBytes(metadata.ToJsonString()), sections[1]]);

        using PneumoniaPredictor before = PneumoniaPredictor.Load(path);
        using PneumoniaPredictor shipped = PneumoniaPredictor.LoadDefault();
        Assert.Equal(PneumoniaThresholdRule.Unrecorded, before.ThresholdOrigin.Rule);
        Assert.Equal(PneumoniaThresholdSource.None, before.ThresholdOrigin.Source);
        Assert.Equal(shipped.ThresholdChoice, before.ThresholdOrigin.Description);
        Assert.Equal(shipped.Threshold, before.Threshold);
    }
}
