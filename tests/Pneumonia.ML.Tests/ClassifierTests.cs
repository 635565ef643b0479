namespace Pneumonia.ML.Tests;

[Collection(TrainedClassifierCollection.Name)]
public class ClassifierTests(TrainedClassifierFixture trained)
{
    [Fact]
    public void Training_on_real_xrays_learns()
    {
        IReadOnlyList<PneumoniaEpochSummary> history = trained.Classifier.TrainingHistory;
        Assert.Equal(trained.Options.Epochs, history.Count);
        // The article's network with RMSprop is spiky from epoch to epoch, so compare the last three epochs' mean.
        double firstLoss = history[0].Loss;
        double lastLoss = history.TakeLast(3).Average(h => h.Loss);
        double lastAccuracy = history.TakeLast(3).Average(h => h.Accuracy);
        Assert.True(lastLoss < 0.6 * firstLoss, $"training loss should fall by 40%: {firstLoss:F3} → {lastLoss:F3}");
        // The sample is balanced, so the majority class is 50%.
        Assert.True(lastAccuracy >= 0.8, $"final training accuracy {lastAccuracy:P0} should be well above 50%");
    }

    [Fact]
    public void Progress_is_reported_per_batch_and_per_epoch_with_validation_figures()
    {
        List<PneumoniaTrainingProgress> reports;
        lock (trained.Reports) reports = trained.Reports.ToList();
        List<PneumoniaTrainingProgress> epochs = reports.Where(r => r.Stage == PneumoniaTrainingStage.Epoch).ToList();
        List<PneumoniaTrainingProgress> batches = reports.Where(r => r.Stage == PneumoniaTrainingStage.Batch).ToList();

        Assert.Equal(Enumerable.Range(1, trained.Options.Epochs), epochs.Select(e => e.Epoch));
        Assert.All(epochs, e => Assert.NotNull(e.Validation));
        Assert.All(epochs, e => Assert.InRange(e.Validation!.Count, 6, 24));
        Assert.Equal(trained.Options.Epochs * batches[0].Batches, batches.Count);
        Assert.True(reports.Zip(reports.Skip(1)).All(pair => pair.Second.Elapsed >= pair.First.Elapsed));
    }

    [Fact]
    public void Evaluate_reports_metrics_on_a_labelled_folder()
    {
        PneumoniaMetrics metrics = trained.Classifier.Evaluate(Fixtures.SampleTest);

        Assert.Equal(20, metrics.Count);
        PneumoniaConfusionMatrix c = metrics.ConfusionMatrix;
        Assert.Equal(20, c.TruePositives + c.FalsePositives + c.TrueNegatives + c.FalseNegatives);
        Assert.Equal(10, c.TruePositives + c.FalseNegatives);
        Assert.Equal((c.TruePositives + c.TrueNegatives) / 20.0, metrics.Accuracy, 12);
        Assert.InRange(metrics.Auc, 0, 1);
        Assert.Equal(trained.Classifier.Threshold, metrics.Threshold);
    }

    [Fact]
    public void Evaluate_agrees_with_Predict_image_by_image()
    {
        PneumoniaMetrics metrics = trained.Classifier.Evaluate(Fixtures.SampleTest);
        int truePositives = Fixtures.Images(Fixtures.SampleTest, "PNEUMONIA").Count(p => trained.Classifier.Predict(p).IsPneumonia);
        int falsePositives = Fixtures.Images(Fixtures.SampleTest, "NORMAL").Count(p => trained.Classifier.Predict(p).IsPneumonia);
        Assert.Equal(metrics.ConfusionMatrix.TruePositives, truePositives);
        Assert.Equal(metrics.ConfusionMatrix.FalsePositives, falsePositives);
    }

    [Fact]
    public void Predict_from_a_path_a_stream_and_bytes_agree()
    {
        string image = Fixtures.Images(Fixtures.SampleTest, "PNEUMONIA")[0];
        PneumoniaPrediction fromPath = trained.Classifier.Predict(image);
        using FileStream stream = File.OpenRead(image);
        PneumoniaPrediction fromStream = trained.Classifier.Predict(stream);
        PneumoniaPrediction fromBytes = trained.Classifier.Predict(File.ReadAllBytes(image));

        Assert.Equal(fromPath, fromStream);
        Assert.Equal(fromPath, fromBytes);
        Assert.InRange(fromPath.Probability, 0f, 1f);
        Assert.Equal(fromPath.Probability >= fromPath.Threshold, fromPath.IsPneumonia);
        Assert.Equal(fromPath.IsPneumonia ? "PNEUMONIA" : "NORMAL", fromPath.Label);
    }

    [Fact]
    public void Save_then_Load_gives_identical_probabilities()
    {
        string path = Path.Combine(Fixtures.NewTempFolder(), "model.pnm");
        trained.Classifier.Save(path);
        using PneumoniaClassifier loaded = PneumoniaClassifier.Load(path);

        Assert.Equal(trained.Classifier.Architecture, loaded.Architecture);
        Assert.Equal(trained.Classifier.ImageSize, loaded.ImageSize);
        Assert.Equal(trained.Classifier.Threshold, loaded.Threshold);
        Assert.Equal(trained.Classifier.TrainingHistory.Count, loaded.TrainingHistory.Count);
        foreach (string image in Fixtures.Images(Fixtures.SampleTest, "NORMAL").Concat(Fixtures.Images(Fixtures.SampleTest, "PNEUMONIA")))
            Assert.Equal(trained.Classifier.Predict(image), loaded.Predict(image));
        Assert.Equal([path], Directory.GetFiles(Path.GetDirectoryName(path)!).AsEnumerable());
    }

    [Fact]
    public void Parallel_Predict_equals_sequential_Predict()
    {
        string[] images = Fixtures.Images(Fixtures.SampleTrain, "NORMAL").Concat(Fixtures.Images(Fixtures.SampleTrain, "PNEUMONIA")).ToArray();
        PneumoniaPrediction[] sequential = images.Select(trained.Classifier.Predict).ToArray();

        var parallel = new PneumoniaPrediction[images.Length * 4];
        Parallel.For(0, parallel.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 },
            i => parallel[i] = trained.Classifier.Predict(images[i % images.Length]));

        for (int i = 0; i < parallel.Length; i++) Assert.Equal(sequential[i % images.Length], parallel[i]);
    }

    [Fact]
    public void Batch_Predict_matches_one_by_one_Predict_in_input_order()
    {
        string[] images = Fixtures.Images(Fixtures.SampleTest, "PNEUMONIA").Concat(Fixtures.Images(Fixtures.SampleTest, "NORMAL")).ToArray();
        IReadOnlyList<PneumoniaPrediction> batch = trained.Classifier.Predict(images);
        PneumoniaPrediction[] single = images.Select(trained.Classifier.Predict).ToArray();
        Assert.Equal(single.Length, batch.Count);
        // A batch goes through other matrix kernels than a single image: equal to float rounding, not bit for bit.
        for (int i = 0; i < single.Length; i++)
        {
            Assert.Equal(single[i].Probability, batch[i].Probability, 1e-5f);
            Assert.Equal(single[i].Label, batch[i].Label);
        }
    }

    [Fact]
    public void Grayscale_and_colour_files_both_work()
    {
        string folder = Fixtures.NewTempFolder();
        string source = Fixtures.Images(Fixtures.SampleTest, "NORMAL")[0];
        string gray = Path.Combine(folder, "gray.png");
        string rgb = Path.Combine(folder, "rgb.png");
        using (var bitmap = SkiaSharp.SKBitmap.Decode(source))
        {
            using var grayBitmap = new SkiaSharp.SKBitmap(bitmap.Width, bitmap.Height, SkiaSharp.SKColorType.Gray8, SkiaSharp.SKAlphaType.Opaque);
            Assert.True(bitmap.CopyTo(grayBitmap, SkiaSharp.SKColorType.Gray8));
            Save(grayBitmap, gray);
            Save(bitmap, rgb);
        }

        PneumoniaPrediction fromGray = trained.Classifier.Predict(gray);
        PneumoniaPrediction fromRgb = trained.Classifier.Predict(rgb);
        Assert.Equal(fromRgb.Probability, fromGray.Probability, 2);

        static void Save(SkiaSharp.SKBitmap bitmap, string path)
        {
            using var data = bitmap.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);
            File.WriteAllBytes(path, data.ToArray());
        }
    }

    [Fact]
    public void A_bad_image_is_refused_with_its_name()
    {
        string folder = Fixtures.NewTempFolder();
        string text = Path.Combine(folder, "not-an-image.jpeg");
        File.WriteAllText(text, "hello");
        string empty = Path.Combine(folder, "empty.jpeg");
        File.WriteAllBytes(empty, []);

        Assert.Equal(text, Assert.Throws<InvalidImageException>(() => trained.Classifier.Predict(text)).Path);
        Assert.Contains("empty", Assert.Throws<InvalidImageException>(() => trained.Classifier.Predict(empty)).Message);
        Assert.Contains("does not exist", Assert.Throws<InvalidImageException>(() => trained.Classifier.Predict(Path.Combine(folder, "missing.png"))).Message);
    }
}
