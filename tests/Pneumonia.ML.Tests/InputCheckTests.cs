using Pneumonia.ML.InputCheck;

namespace Pneumonia.ML.Tests;

/// <summary>The input check: image statistics and the feature distance, on every engine, stored in the model file.</summary>
public class InputCheckTests(FittedDefaultModel fitted) : IClassFixture<FittedDefaultModel>
{
    private static string EnsembleModel => Path.Combine(AppContext.BaseDirectory, "Fixtures", "model-files", "ensemble-v1-int8.pnm");

    private static IEnumerable<string> SampleTestImages =>
        Fixtures.Images(Fixtures.SampleTest, PneumoniaClassifier.NormalLabel).Concat(Fixtures.Images(Fixtures.SampleTest, PneumoniaClassifier.PneumoniaLabel));

    [Fact]
    public void Every_generated_non_xray_is_flagged_with_a_reason()
    {
        Assert.All(fitted.NonXrays, image =>
        {
            PneumoniaPrediction prediction = fitted.Classifier.Predict(image.Value);
            Assert.True(prediction.IsUnusualImage, $"{image.Key} was not flagged (distance {prediction.InputCheck.Distance})");
            Assert.False(string.IsNullOrWhiteSpace(prediction.InputCheck.Reason));
        });
    }

    [Fact]
    public void Held_out_sample_xrays_are_accepted_and_measured()
    {
        // Fitted on 60 images, the threshold is a coarse 99.5th percentile: allow one of the 20 held-out X-rays past it.
        PneumoniaPrediction[] predictions = [.. fitted.Classifier.Predict(SampleTestImages)];
        Assert.Equal(20, predictions.Length);
        Assert.True(predictions.Count(p => !p.IsUnusualImage) >= 19, string.Join("; ", predictions.Select(p => p.InputCheck.Reason)));
        Assert.All(predictions, p => Assert.NotNull(p.InputCheck.Distance));
        Assert.All(predictions, p => Assert.Equal(p.InputCheck.DistanceThreshold, predictions[0].InputCheck.DistanceThreshold));
    }

    [Fact]
    public void Rejecting_unusual_images_throws_naming_the_file_and_the_reason()
    {
        string path = Path.Combine(Fixtures.NewTempFolder(), "default.pnm");
        fitted.Classifier.Save(path, PneumoniaWeightPrecision.Int8);
        using PneumoniaClassifier strict = PneumoniaClassifier.Load(path, new PneumoniaInferenceOptions { RejectUnusualImages = true });
        Assert.True(strict.HasFeatureStatistics);
        var error = Assert.Throws<UnusualImageException>(() => strict.Predict(fitted.NonXrays["text"]));
        Assert.Equal(fitted.NonXrays["text"], error.Path);
        Assert.Contains(error.Reason, error.Message);
        Assert.Throws<UnusualImageException>(() => strict.Predict(File.ReadAllBytes(fitted.NonXrays["black"])));
        Assert.False(strict.Predict(SampleTestImages.First()).IsUnusualImage);
    }

    [Fact]
    public void A_site_of_non_xrays_is_called_shifted_and_the_sample_site_is_not()
    {
        string folder = Fixtures.NewTempFolder();
        foreach (string image in fitted.NonXrays.Values) File.Copy(image, Path.Combine(folder, Path.GetFileName(image)));
        PneumoniaSiteCheck odd = fitted.Classifier.CheckSite(folder);
        Assert.Equal(fitted.NonXrays.Count, odd.ImageCount);
        Assert.Equal(1.0, odd.UnusualShare);
        Assert.True(odd.IsShifted);
        Assert.StartsWith("Do not trust", odd.Verdict);

        PneumoniaSiteCheck sample = fitted.Classifier.CheckSite(Fixtures.SampleTest);
        Assert.Equal(20, sample.ImageCount);
        Assert.False(sample.IsShifted, sample.Verdict);
        Assert.NotNull(sample.MeanDistance);
        Assert.NotNull(sample.TrainingPneumoniaShare);
    }

    [Fact]
    public void A_model_file_without_statistics_runs_the_image_checks_only_until_fitted_then_keeps_them_on_every_engine()
    {
        string rotated = fitted.NonXrays["rotated-xray"], noise = fitted.NonXrays["grey-noise"], xray = SampleTestImages.First();
        using (PneumoniaClassifier old = PneumoniaClassifier.Load(EnsembleModel))
        {
            Assert.False(old.HasFeatureStatistics);
            PneumoniaPrediction blank = old.Predict(fitted.NonXrays["white"]);
            Assert.True(blank.IsUnusualImage);
            Assert.Null(blank.InputCheck.Distance);
            Assert.True(old.Predict(rotated).IsUnusualImage); // the image statistics need no fitting
            Assert.Null(old.Predict(xray).InputCheck.Distance);

            old.FitInputCheck(Fixtures.SampleTrain);
            Assert.True(old.HasFeatureStatistics);
            old.Save(Path.Combine(Fixtures.NewTempFolder(), "unused.pnm")); // saving does not disturb the live classifier
        }

        string saved = Path.Combine(Fixtures.NewTempFolder(), "fitted.pnm");
        double torchXray, torchNoise;
        using (PneumoniaClassifier ensemble = PneumoniaClassifier.Load(EnsembleModel))
        {
            ensemble.FitInputCheck(Fixtures.SampleTrain);
            ensemble.Save(saved, PneumoniaWeightPrecision.Int8);
            torchXray = ensemble.Predict(xray).InputCheck.Distance!.Value;
            torchNoise = ensemble.Predict(noise).InputCheck.Distance!.Value;
        }
        foreach (PneumoniaInferenceEngine engine in Enum.GetValues<PneumoniaInferenceEngine>())
        {
            using PneumoniaClassifier loaded = PneumoniaClassifier.Load(saved, new PneumoniaInferenceOptions { Engine = engine });
            Assert.True(loaded.HasFeatureStatistics);
            double xrayDistance = loaded.Predict(xray).InputCheck.Distance!.Value;
            double noiseDistance = loaded.Predict(noise).InputCheck.Distance!.Value;
            double tolerance = engine == PneumoniaInferenceEngine.OnnxRuntimeInt8 ? 0.25 : 1e-3; // int8 features are approximate
            Assert.Equal(torchXray, xrayDistance, torchXray * tolerance);
            Assert.Equal(torchNoise, noiseDistance, torchNoise * tolerance);
            Assert.True(noiseDistance > xrayDistance, $"{engine}: noise {noiseDistance} against an X-ray {xrayDistance}");
        }
    }

    [Fact]
    public void Evaluation_checks_every_image_and_the_report_lists_the_flagged_ones()
    {
        string folder = Fixtures.NewTempFolder();
        foreach (string label in new[] { PneumoniaClassifier.NormalLabel, PneumoniaClassifier.PneumoniaLabel })
        {
            Directory.CreateDirectory(Path.Combine(folder, label));
            foreach (string image in Fixtures.Images(Fixtures.SampleTest, label)) File.Copy(image, Path.Combine(folder, label, Path.GetFileName(image)));
        }
        File.Copy(fitted.NonXrays["inverted-xray"], Path.Combine(folder, PneumoniaClassifier.PneumoniaLabel, "inverted-xray.png"));
        File.Copy(fitted.NonXrays["text"], Path.Combine(folder, PneumoniaClassifier.NormalLabel, "text.png"));

        PneumoniaEvaluation evaluation = fitted.Classifier.EvaluateDetailed(folder);
        Assert.Equal(22, evaluation.Images.Count);
        Assert.All(evaluation.Images, image => Assert.NotNull(image.InputCheck));
        string[] flagged = [.. evaluation.Images.Where(i => i.InputCheck!.IsUnusual).Select(i => Path.GetFileName(i.ImagePath))];
        Assert.Contains("inverted-xray.png", flagged);
        Assert.Contains("text.png", flagged);

        string html = File.ReadAllText(PneumoniaReport.Write(evaluation, fitted.Classifier, Fixtures.NewTempFolder()));
        Assert.Contains("<h2>Unusual images</h2>", html);
        Assert.Contains("<td>inverted-xray.png</td>", html);
        Assert.Contains($"flagged {flagged.Length} of 22 images", html);
    }

    [Fact]
    public void The_feature_statistics_pass_fresh_draws_of_the_fitting_distribution_and_flag_far_ones()
    {
        var random = new Random(18);
        const int dimension = 16;
        double[] scales = [.. Enumerable.Range(0, dimension).Select(i => 0.2 + i * 0.3)];
        float[] Draw(double shift) => [.. Enumerable.Range(0, dimension).Select(i => (float)(shift + scales[i] * Gaussian(random)))];

        float[][] training = [.. Enumerable.Range(0, 2000).Select(_ => Draw(0))];
        FeatureStatistics statistics = FeatureStatistics.Fit(training, pneumoniaShare: 0.5);
        int accepted = Enumerable.Range(0, 2000).Count(_ => statistics.Distance(Draw(0)) <= statistics.Threshold);
        Assert.InRange(accepted, 1970, 2000); // 99.5% expected
        Assert.All(Enumerable.Range(0, 100), _ => Assert.True(statistics.Distance(Draw(3)) > statistics.Threshold));
        Assert.InRange(statistics.MeanDistance, 3.0, 5.0); // √16 = 4 for a Gaussian
    }

    [Fact]
    public void Fewer_than_ten_images_cannot_fit_the_input_check()
    {
        string folder = Fixtures.NewTempFolder();
        foreach (string image in SampleTestImages.Take(5)) File.Copy(image, Path.Combine(folder, Path.GetFileName(image)));
        using PneumoniaClassifier classifier = PneumoniaClassifier.Load(EnsembleModel);
        var error = Assert.Throws<InvalidDatasetException>(() => classifier.FitInputCheck(folder));
        Assert.Contains("at least 10", error.Message);
        Assert.False(classifier.HasFeatureStatistics);
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
