using Pneumonia.ML.Data;
using Pneumonia.Testing;

namespace Pneumonia.ML.Tests;

/// <summary>
/// Files that are not images or models, or claim more than they hold: pipes, devices, folders, huge files, truncated
/// images claiming megapixels. Each is refused with a typed exception naming it, quickly, without reading it whole.
/// </summary>
public class HostileFileTests(FormatFixtureClassifier model) : IClassFixture<FormatFixtureClassifier>
{
    private static string FixtureModel => FormatFixtureClassifier.ModelPath;

    /// <summary>Runs <paramref name="action"/> with a guard: a read that blocked on a pipe would otherwise hang the run.</summary>
    private static T Guarded<T>(Func<T> action)
    {
        Task<T> task = Task.Run(action);
        Assert.True(task.Wait(TimeSpan.FromMinutes(10)), "the call blocked (a guard against a hang, not a speed check)");
        return task.Result;
    }

    private InvalidImageException ImageRefused(string path)
    {
        var error = Guarded(() => Assert.Throws<InvalidImageException>(() => model.Classifier.Predict(path)));
        Assert.Equal(path, error.Path);
        Assert.Contains(path, error.Message);
        return error;
    }

    private static InvalidModelFileException ModelRefused(string path)
    {
        var error = Guarded(() => Assert.Throws<InvalidModelFileException>(() => PneumoniaClassifier.Load(path)));
        Assert.Equal(Path.GetFullPath(path), error.Path);
        return error;
    }

    [Fact]
    public void A_named_pipe_as_an_image_is_refused_without_opening_it() =>
        Assert.Contains("named pipe", ImageRefused(SpecialFiles.NewFifo("xray.jpeg")).Reason);

    [Fact]
    public void A_named_pipe_as_a_model_is_refused_without_opening_it() =>
        Assert.Contains("named pipe", ModelRefused(SpecialFiles.NewFifo("pipe.model")).Reason);

    [Fact]
    public void An_endless_device_as_an_image_is_refused() =>
        Assert.Contains("device", ImageRefused(SpecialFiles.EndlessDevice).Reason);

    [Fact]
    public void An_endless_device_as_a_model_is_refused() =>
        Assert.Contains("device", ModelRefused(SpecialFiles.EndlessDevice).Reason);

    [Fact]
    public void A_folder_as_a_model_is_refused_as_a_folder() =>
        Assert.Contains("is a folder", ModelRefused(Fixtures.NewTempFolder()).Reason);

    [Fact]
    public void A_folder_as_an_image_is_refused_as_a_folder() =>
        Assert.Contains("is a folder", ImageRefused(Fixtures.NewTempFolder()).Reason);

    [Fact]
    public void A_named_pipe_inside_an_evaluated_folder_is_refused_naming_it()
    {
        string root = Fixtures.NewTempFolder();
        foreach (string label in new[] { "NORMAL", "PNEUMONIA" })
        {
            Directory.CreateDirectory(Path.Combine(root, label));
            string image = Fixtures.Images(Fixtures.SampleTest, label)[0];
            File.Copy(image, Path.Combine(root, label, Path.GetFileName(image)));
        }
        string fifo = Path.Combine(root, "NORMAL", "IM-0000-0001.jpeg");
        File.Move(SpecialFiles.NewFifo("pipe.jpeg"), fifo);

        var error = Guarded(() => Assert.Throws<InvalidImageException>(() => model.Classifier.Evaluate(root)));

        Assert.Equal(fifo, error.Path);
        Assert.Contains("named pipe", error.Reason);
    }

    [Fact]
    public void A_model_file_over_the_size_cap_is_refused_from_its_length_unread()
    {
        string path = SpecialFiles.NewSparseFile("huge.model", 2L * 1024 * 1024 * 1024);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Contains("at most", ModelRefused(path).Reason);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1_000_000, "the file must not be read");
    }

    [Fact]
    public void A_large_file_that_is_not_a_model_is_refused_from_its_first_bytes_unread()
    {
        string path = SpecialFiles.NewSparseFile("big.model", 500L * 1024 * 1024, "not a model at all"u8.ToArray());
        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<InvalidModelFileException>(() => PneumoniaClassifier.Load(path));
        Assert.Contains("not a Pneumonia.ML model file", error.Reason);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1_000_000, "only the header may be read");
    }

    [Fact]
    public void An_image_file_over_the_size_cap_is_refused_from_its_length_unread()
    {
        string path = SpecialFiles.NewSparseFile("huge.png", 500L * 1024 * 1024, CraftedImages.PngHeaderOnly(100, 100));
        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Contains("at most", ImageRefused(path).Reason);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1_000_000, "the file must not be read");
    }

    [Fact]
    public void An_endless_stream_is_read_up_to_the_cap_and_refused()
    {
        var preprocessor = new ImagePreprocessor(32, maxPixels: 1000);
        var error = Assert.Throws<InvalidImageException>(() => preprocessor.ReadStream(new EndlessStream(), "(stream)"));
        Assert.Contains("larger than the limit", error.Reason);
    }

    [Fact]
    public void An_image_over_the_pixel_budget_is_refused_from_its_header()
    {
        string path = Path.Combine(Fixtures.NewTempFolder(), "8k.jpeg");
        File.WriteAllBytes(path, CraftedImages.JpegClaiming(File.ReadAllBytes(Fixtures.OddImage("upright.jpeg")), 8192, 8192));
        Assert.Contains("over the limit of 25,000,000 pixels", ImageRefused(path).Reason);
    }

    [Theory]
    [InlineData("jpeg")]
    [InlineData("png")]
    public void A_truncated_image_claiming_megapixels_within_the_budget_is_refused_not_scored(string format)
    {
        string path = Path.Combine(Fixtures.NewTempFolder(), "claims-4096." + format);
        File.WriteAllBytes(path, format == "png"
            ? CraftedImages.PngHeaderOnly(4096, 4096)
            : CraftedImages.JpegClaiming(File.ReadAllBytes(Fixtures.OddImage("upright.jpeg")), 4096, 4096));

        InvalidImageException error = ImageRefused(path);

        Assert.Contains("truncated", error.Reason);
        Assert.Contains("4,096 × 4,096", error.Reason);
    }

    [Fact]
    public void The_pixel_budget_is_an_option_of_loading_and_training()
    {
        string path = Path.Combine(Fixtures.NewTempFolder(), "claims-300.png");
        File.WriteAllBytes(path, CraftedImages.PngHeaderOnly(300, 300));
        using PneumoniaClassifier small = PneumoniaClassifier.Load(FixtureModel, new PneumoniaInferenceOptions { MaxImagePixels = 200 * 200 });
        Assert.Contains("over the limit of 40,000 pixels", Assert.Throws<InvalidImageException>(() => small.Predict(path)).Reason);

        Assert.Throws<ArgumentOutOfRangeException>(() => PneumoniaClassifier.Load(FixtureModel, new PneumoniaInferenceOptions { MaxImagePixels = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            PneumoniaClassifier.Load(FixtureModel, new PneumoniaInferenceOptions { MaxImagePixels = 8193L * 8192 }));
        var training = new PneumoniaTrainingOptions { MaxImagePixels = -1 };
        Assert.Contains(nameof(PneumoniaTrainingOptions.MaxImagePixels),
            Assert.Throws<ArgumentOutOfRangeException>(() => PneumoniaClassifier.Train(Fixtures.SampleTrain, training)).Message);
    }

    /// <summary>A stream of zeros that never ends and cannot seek, like a socket that keeps sending.</summary>
    private sealed class EndlessStream : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) { Array.Clear(buffer, offset, count); return count; }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
