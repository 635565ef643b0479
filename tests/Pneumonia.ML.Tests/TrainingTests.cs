namespace Pneumonia.ML.Tests;

public class TrainingTests
{
    /// <summary>The article's recipe at 96 px: a few seconds of training on the sample images.</summary>
    private static PneumoniaTrainingOptions Quick(int seed, int epochs = 2)
    {
        PneumoniaTrainingOptions options = PneumoniaTrainingOptions.Article();
        options.ImageSize = 96;
        options.Epochs = epochs;
        options.BatchSize = 16;
        options.Seed = seed;
        return options;
    }

    /// <summary>One epoch of the compact network at 32 px: enough to show whether an option reaches training.</summary>
    private static PneumoniaTrainingOptions Tiny(int seed) => new()
    {
        Architecture = PneumoniaArchitecture.CompactCnn,
        ImageSize = 32,
        Epochs = 1,
        BatchSize = 16,
        Seed = seed,
    };

    /// <summary>The bytes <see cref="Tiny"/>'s training saves, with <paramref name="change"/> applied to its options.</summary>
    private static byte[] TinyModelBytes(int seed, Action<PneumoniaTrainingOptions>? change = null)
    {
        PneumoniaTrainingOptions options = Tiny(seed);
        change?.Invoke(options);
        using var bytes = new MemoryStream();
        using (PneumoniaClassifier classifier = PneumoniaClassifier.Train(Fixtures.SampleTrain, options)) classifier.Save(bytes);
        return bytes.ToArray();
    }

    [Fact]
    public void The_same_seed_and_data_give_the_same_weights()
    {
        // Two epochs: the second epoch's shuffle, augmentation and dropout draws follow from the generator's state after the
        // first. (The article network's training repeats itself too: CheckpointTests compares two of its runs bit for bit.)
        static void TwoEpochs(PneumoniaTrainingOptions options) => options.Epochs = 2;
        byte[] first = TinyModelBytes(seed: 3, TwoEpochs), second = TinyModelBytes(seed: 3, TwoEpochs), other = TinyModelBytes(seed: 4, TwoEpochs);

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Cancelling_stops_training_before_the_next_batch()
    {
        using var cancellation = new CancellationTokenSource();
        int batchesAfterCancel = 0;
        var progress = new SynchronousProgress(report =>
        {
            if (cancellation.IsCancellationRequested) batchesAfterCancel++;
            if (report is { Stage: PneumoniaTrainingStage.Batch, Batch: 2 }) cancellation.Cancel();
        });

        Assert.ThrowsAny<OperationCanceledException>(() =>
            PneumoniaClassifier.Train(Fixtures.SampleTrain, Quick(seed: 1), progress, cancellation.Token));
        Assert.Equal(0, batchesAfterCancel);
    }

    [Theory]
    [InlineData(nameof(PneumoniaTrainingOptions.LabelSmoothing), 0.2)]
    [InlineData(nameof(PneumoniaTrainingOptions.MixupAlpha), 0.4)]
    [InlineData(nameof(PneumoniaTrainingOptions.WeightAverageDecay), 0.9)]
    public void A_training_option_changes_what_the_same_seed_trains_and_repeats_itself(string option, double value)
    {
        void Change(PneumoniaTrainingOptions options) => typeof(PneumoniaTrainingOptions).GetProperty(option)!.SetValue(options, value);
        byte[] plain = TinyModelBytes(seed: 3), changed = TinyModelBytes(seed: 3, Change), again = TinyModelBytes(seed: 3, Change);

        Assert.NotEqual(plain, changed);
        Assert.Equal(changed, again);
    }

    [Theory]
    [InlineData(nameof(PneumoniaTrainingOptions.ImageSize), 64)] // under the article network's 94 px
    [InlineData(nameof(PneumoniaTrainingOptions.LabelSmoothing), -0.1)]
    [InlineData(nameof(PneumoniaTrainingOptions.LabelSmoothing), 0.5)]
    [InlineData(nameof(PneumoniaTrainingOptions.LabelSmoothing), double.NaN)]
    [InlineData(nameof(PneumoniaTrainingOptions.MixupAlpha), -0.1)]
    [InlineData(nameof(PneumoniaTrainingOptions.MixupAlpha), 10.5)]
    [InlineData(nameof(PneumoniaTrainingOptions.MixupAlpha), double.NaN)]
    [InlineData(nameof(PneumoniaTrainingOptions.WeightAverageDecay), -0.1)]
    [InlineData(nameof(PneumoniaTrainingOptions.WeightAverageDecay), 1.0)]
    [InlineData(nameof(PneumoniaTrainingOptions.WeightAverageDecay), double.NaN)]
    public void Invalid_options_are_refused_before_any_work(string option, object value)
    {
        var options = Quick(seed: 1);
        System.Reflection.PropertyInfo property = typeof(PneumoniaTrainingOptions).GetProperty(option)!;
        property.SetValue(options, Convert.ChangeType(value, property.PropertyType, System.Globalization.CultureInfo.InvariantCulture));

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => PneumoniaClassifier.Train(Fixtures.SampleTrain, options));
        Assert.Contains(option, error.Message);
    }

    [Fact]
    public void A_damaged_image_in_the_training_folder_is_named()
    {
        string root = Fixtures.NewTempFolder();
        foreach (string className in new[] { "NORMAL", "PNEUMONIA" })
        {
            string folder = Directory.CreateDirectory(Path.Combine(root, className)).FullName;
            foreach (string image in Fixtures.Images(Fixtures.SampleTrain, className).Take(4))
                File.Copy(image, Path.Combine(folder, Path.GetFileName(image)));
        }
        string damaged = Path.Combine(root, "PNEUMONIA", "person9999_bacteria_1.jpeg");
        File.WriteAllBytes(damaged, File.ReadAllBytes(Fixtures.Images(Fixtures.SampleTrain, "PNEUMONIA")[0]).Take(100).ToArray());

        var options = Quick(seed: 1);
        options.ValidationFraction = 0;
        var error = Assert.Throws<InvalidImageException>(() => PneumoniaClassifier.Train(root, options));
        Assert.Equal(damaged, error.Path);
    }
}
