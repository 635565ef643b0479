using Microsoft.ML;

namespace Pneumonia.ML.Tests.MLNet;

/// <summary>The ML.NET tests' one shared training (a class fixture would train once per class).</summary>
[CollectionDefinition(Name)]
public sealed class MLNetCollection : ICollectionFixture<MLNetFixture>
{
    public const string Name = "one tiny training through the ML.NET estimator";
}

/// <summary>One tiny training through the ML.NET estimator (CompactCnn, 48 px, 2 epochs), shared by the ML.NET tests.</summary>
public sealed class MLNetFixture : IDisposable
{
    public MLNetFixture()
    {
        Options = Tiny();
        MLContext = new MLContext(seed: 0);
        Train = MLContext.Data.LoadFromEnumerable(Rows(Fixtures.SampleTrain));
        Test = MLContext.Data.LoadFromEnumerable(Rows(Fixtures.SampleTest));
        Transformer = MLContext.BinaryClassification.Trainers.Pneumonia(Options).Fit(Train);
    }

    /// <summary>The ML.NET fixtures' recipe: CompactCnn, 48 px, 2 epochs, batch 16, seed 5.</summary>
    internal static PneumoniaTrainingOptions Tiny() => new()
    {
        Architecture = PneumoniaArchitecture.CompactCnn,
        ImageSize = 48,
        Epochs = 2,
        BatchSize = 16,
        Seed = 5,
    };

    public PneumoniaTrainingOptions Options { get; }

    public MLContext MLContext { get; }

    public IDataView Train { get; }

    public IDataView Test { get; }

    public PneumoniaTransformer Transformer { get; }

    /// <summary>Every image of a NORMAL/PNEUMONIA folder as a row: Label true for pneumonia, Image the file's path.</summary>
    public static XRay[] Rows(string folder) =>
    [
        .. Fixtures.Images(folder, PneumoniaClassifier.NormalLabel).Select(path => new XRay { Label = false, Image = path }),
        .. Fixtures.Images(folder, PneumoniaClassifier.PneumoniaLabel).Select(path => new XRay { Label = true, Image = path }),
    ];

    public void Dispose() => Transformer.Dispose();
}

/// <summary>An input row: the label and the X-ray's path.</summary>
public sealed class XRay
{
    public bool Label { get; set; }

    public string Image { get; set; } = "";
}

/// <summary>An input row holding the file's bytes (a vector of bytes in the IDataView).</summary>
public sealed class XRayBytes
{
    public bool Label { get; set; }

    public byte[] Image { get; set; } = [];
}

/// <summary>ML.NET's binary-classification output columns.</summary>
public sealed class XRayScore
{
    public float Score { get; set; }

    public float Probability { get; set; }

    public bool PredictedLabel { get; set; }
}
