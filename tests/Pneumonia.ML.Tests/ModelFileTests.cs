namespace Pneumonia.ML.Tests;

[Collection(TrainedClassifierCollection.Name)]
public class ModelFileTests(TrainedClassifierFixture trained)
{
    private string SavedModel()
    {
        string path = Path.Combine(Fixtures.NewTempFolder(), "model.pnm");
        trained.Classifier.Save(path);
        return path;
    }

    [Fact]
    public void A_truncated_file_is_refused()
    {
        string path = SavedModel();
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes.Take(bytes.Length / 2).ToArray());
        Assert.Contains("checksum", Assert.Throws<InvalidModelFileException>(() => PneumoniaClassifier.Load(path)).Message);
    }

    [Fact]
    public void A_flipped_byte_is_refused()
    {
        string path = SavedModel();
        byte[] bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x10;
        File.WriteAllBytes(path, bytes);
        Assert.Contains("checksum", Assert.Throws<InvalidModelFileException>(() => PneumoniaClassifier.Load(path)).Message);
    }

    [Fact]
    public void Another_format_is_refused()
    {
        string path = Path.Combine(Fixtures.NewTempFolder(), "model.pnm");
        File.WriteAllText(path, "{ \"this\": \"is json, not a model\" }");
        Assert.Contains("not a Pneumonia.ML model", Assert.Throws<InvalidModelFileException>(() => PneumoniaClassifier.Load(path)).Message);
    }

    [Fact]
    public void A_newer_format_version_is_refused_with_advice()
    {
        string path = SavedModel();
        byte[] bytes = File.ReadAllBytes(path);
        BitConverter.GetBytes(99).CopyTo(bytes, 8);
        File.WriteAllBytes(path, bytes);
        Assert.Contains("Upgrade", Assert.Throws<InvalidModelFileException>(() => PneumoniaClassifier.Load(path)).Message);
    }

    [Fact]
    public void A_missing_file_is_refused()
    {
        string path = Path.Combine(Fixtures.NewTempFolder(), "none.pnm");
        Assert.Equal(path, Assert.Throws<InvalidModelFileException>(() => PneumoniaClassifier.Load(path)).Path);
    }

    [Fact]
    public void Saving_over_an_existing_model_replaces_it_whole()
    {
        string path = SavedModel();
        File.WriteAllText(path, "an older model");
        trained.Classifier.Save(path);
        using PneumoniaClassifier loaded = PneumoniaClassifier.Load(path);
        Assert.Equal(trained.Classifier.ImageSize, loaded.ImageSize);
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public void Use_after_Dispose_throws_ObjectDisposedException()
    {
        string path = SavedModel();
        PneumoniaClassifier loaded = PneumoniaClassifier.Load(path);
        loaded.Dispose();
        loaded.Dispose();
        Assert.Throws<ObjectDisposedException>(() => loaded.Predict(Fixtures.Images(Fixtures.SampleTest, "NORMAL")[0]));
    }
}
