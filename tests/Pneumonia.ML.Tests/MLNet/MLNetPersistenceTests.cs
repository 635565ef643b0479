using Microsoft.ML;
using Microsoft.ML.Data;

namespace Pneumonia.ML.Tests.MLNet;

/// <summary>
/// mlContext.Model.Save / Load of the transformer within this process, through a fresh MLContext (whose component
/// catalog finds the transformer again from the loader assembly named in the zip). The round trip through a new process
/// is in tests/Pneumonia.Samples.Tests (samples/Pneumonia.MLNet); the classifier's own stream format is here too.
/// </summary>
[Collection(MLNetCollection.Name)]
public sealed class MLNetPersistenceTests(MLNetFixture fixture)
{
    [Fact]
    public void A_model_saved_with_mlContext_Model_Save_loads_in_a_fresh_MLContext_and_predicts_identically()
    {
        string path = Path.Combine(Fixtures.NewTempFolder(), "pneumonia.zip");
        fixture.MLContext.Model.Save(fixture.Transformer, fixture.Test.Schema, path);
        float[] before = fixture.Transformer.Transform(fixture.Test).GetColumn<float>("Probability").ToArray();

        var fresh = new MLContext(seed: 1);
        ITransformer loaded = fresh.Model.Load(path, out DataViewSchema inputSchema);
        try
        {
            Assert.Equal("Image", inputSchema["Image"].Name);
            var transformer = Assert.IsType<PneumoniaTransformer>(loaded);
            Assert.Equal(fixture.Transformer.Classifier.Threshold, transformer.Classifier.Threshold);
            float[] after = loaded.Transform(fresh.Data.LoadFromEnumerable(MLNetFixture.Rows(Fixtures.SampleTest)))
                .GetColumn<float>("Probability").ToArray();
            Assert.Equal(before, after);
        }
        finally
        {
            (loaded as IDisposable)?.Dispose();
        }
    }

    [Fact]
    public void A_chain_of_LoadRawImageBytes_and_the_trainer_fits_on_bytes_and_round_trips_through_mlContext_Model()
    {
        MLContext ml = fixture.MLContext;
        var pipeline = ml.Transforms.LoadRawImageBytes("Bytes", imageFolder: null, inputColumnName: "Image")
            .Append(ml.BinaryClassification.Trainers.Pneumonia(fixture.Options, imageColumnName: "Bytes"));
        using TransformerChain<PneumoniaTransformer> model = pipeline.Fit(fixture.Train);
        float[] before = model.Transform(fixture.Test).GetColumn<float>("Probability").ToArray();
        float[] predicted = MLNetFixture.Rows(Fixtures.SampleTest).Select(x => model.LastTransformer.Classifier.Predict(x.Image).Probability).ToArray();
        Assert.Equal(predicted, before);

        string path = Path.Combine(Fixtures.NewTempFolder(), "chain.zip");
        ml.Model.Save(model, fixture.Test.Schema, path);
        ITransformer loaded = new MLContext(seed: 2).Model.Load(path, out _);
        try
        {
            Assert.Equal(before, loaded.Transform(fixture.Test).GetColumn<float>("Probability").ToArray());
        }
        finally
        {
            (loaded as IDisposable)?.Dispose();
        }
    }

    [Fact]
    public void The_trainer_fits_on_a_LoadImages_column()
    {
        MLContext ml = fixture.MLContext;
        var pipeline = ml.Transforms.LoadImages("Picture", imageFolder: null, inputColumnName: "Image")
            .Append(ml.BinaryClassification.Trainers.Pneumonia(fixture.Options, imageColumnName: "Picture"));
        using TransformerChain<PneumoniaTransformer> model = pipeline.Fit(fixture.Train);
        float[] probabilities = model.Transform(fixture.Test).GetColumn<float>("Probability").ToArray();

        Assert.Equal(MLNetFixture.Rows(Fixtures.SampleTest).Length, probabilities.Length);
        Assert.All(probabilities, p => Assert.InRange(p, 0f, 1f));
        Assert.Equal(fixture.Options.ImageSize, model.LastTransformer.Classifier.ImageSize);
    }

    [Fact]
    public void The_classifier_round_trips_through_a_stream()
    {
        using var stream = new MemoryStream();
        stream.WriteByte(42); // the model starts wherever the stream is
        fixture.Transformer.Classifier.Save(stream);
        stream.Position = 1;

        using PneumoniaClassifier loaded = PneumoniaClassifier.Load(stream);
        string image = Fixtures.Images(Fixtures.SampleTest, PneumoniaClassifier.PneumoniaLabel)[0];
        Assert.Equal(fixture.Transformer.Classifier.Predict(image).Probability, loaded.Predict(image).Probability);
        Assert.Equal(fixture.Transformer.Classifier.Threshold, loaded.Threshold);
        Assert.Throws<InvalidModelFileException>(() => PneumoniaClassifier.Load(new MemoryStream([1, 2, 3])));
    }
}
