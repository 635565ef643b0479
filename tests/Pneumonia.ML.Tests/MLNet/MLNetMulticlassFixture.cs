using Microsoft.ML;
using Microsoft.ML.Data;

namespace Pneumonia.ML.Tests.MLNet;

/// <summary>The multi-class ML.NET tests' one shared training.</summary>
[CollectionDefinition(Name)]
public sealed class MLNetMulticlassCollection : ICollectionFixture<MLNetMulticlassFixture>
{
    public const string Name = "one tiny three-class training through the ML.NET multiclass trainer";
}

/// <summary>
/// One tiny three-class training through ML.NET (CompactCnn, 48 px, 2 epochs): <c>MapValueToKey("Label")</c> then the
/// multiclass trainer, on the committed sample labelled NORMAL / BACTERIAL / VIRAL from its file names. The training
/// rows start with a viral, then the normal images, so the key (by first occurrence, ML.NET's default) is VIRAL,
/// NORMAL, BACTERIAL: not the model's sorted order, which the transformer must map.
/// </summary>
public sealed class MLNetMulticlassFixture : IDisposable
{
    public static readonly string[] KeyOrder = [PneumoniaClasses.ViralLabel, PneumoniaClassifier.NormalLabel, PneumoniaClasses.BacterialLabel];

    public MLNetMulticlassFixture()
    {
        Options = MLNetFixture.Tiny();
        MLContext = new MLContext(seed: 0);
        ClassXRay[] rows = Rows(Fixtures.SampleTrain);
        ClassXRay firstViral = rows.First(r => r.Label == PneumoniaClasses.ViralLabel);
        Train = MLContext.Data.LoadFromEnumerable<ClassXRay>([firstViral, .. rows.Where(r => r != firstViral)]);
        TestRows = Rows(Fixtures.SampleTest);
        Test = MLContext.Data.LoadFromEnumerable(TestRows);
        Model = MLContext.Transforms.Conversion.MapValueToKey("Label")
            .Append(MLContext.MulticlassClassification.Trainers.Pneumonia(Options))
            .Fit(Train);
    }

    public PneumoniaTrainingOptions Options { get; }

    public MLContext MLContext { get; }

    public IDataView Train { get; }

    public ClassXRay[] TestRows { get; }

    public IDataView Test { get; }

    /// <summary>The fitted pipeline: the key mapping, then the trained transformer.</summary>
    public TransformerChain<PneumoniaMulticlassTransformer> Model { get; }

    public PneumoniaMulticlassTransformer Transformer => Model.LastTransformer;

    /// <summary>Every image of a NORMAL/PNEUMONIA folder as a row labelled NORMAL, BACTERIAL or VIRAL (from the file name).</summary>
    public static ClassXRay[] Rows(string folder) =>
    [
        .. Fixtures.Images(folder, PneumoniaClassifier.NormalLabel).Select(path => new ClassXRay { Label = PneumoniaClassifier.NormalLabel, Image = path }),
        .. Fixtures.Images(folder, PneumoniaClassifier.PneumoniaLabel).Select(path => new ClassXRay
        {
            Label = Path.GetFileName(path).Contains("_virus_", StringComparison.Ordinal) ? PneumoniaClasses.ViralLabel : PneumoniaClasses.BacterialLabel,
            Image = path,
        }),
    ];

    public void Dispose() => Model.Dispose();
}

/// <summary>An input row: the class name and the X-ray's path.</summary>
public sealed class ClassXRay
{
    public string Label { get; set; } = "";

    public string Image { get; set; } = "";
}

/// <summary>ML.NET's multiclass-classification output columns, the key read as its number.</summary>
public sealed class ClassXRayScore
{
    public float[] Score { get; set; } = [];

    public uint PredictedLabel { get; set; }
}
