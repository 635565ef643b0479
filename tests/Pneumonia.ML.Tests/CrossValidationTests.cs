namespace Pneumonia.ML.Tests;

public class CrossValidationTests(CrossValidationFixture fixture) : IClassFixture<CrossValidationFixture>
{
    private static float Logit(double p) => (float)Math.Log(p / (1 - p));

    [Fact]
    public void Every_image_is_scored_once_by_the_network_that_never_saw_its_patient()
    {
        PneumoniaCrossValidation cv = fixture.Result;
        string[] images = Directory.GetFiles(Fixtures.SampleTrain, "*.jpeg", SearchOption.AllDirectories);
        PneumoniaEvaluation oof = cv.OutOfFold;
        Assert.Equal(images.Order(StringComparer.Ordinal), oof.Images.Select(s => s.ImagePath));
        Assert.Equal(3, cv.FoldCount);
        Assert.Equal(oof.Images.Count, cv.ImageFolds.Count);
        Assert.Equal([1, 2, 3], cv.ImageFolds.Distinct().Order());

        for (int i = 0; i < oof.Images.Count; i++)
        {
            PneumoniaClassifier foldClassifier = cv.FoldClassifiers[cv.ImageFolds[i] - 1];
            Assert.Equal(oof.Images[i].Probability, foldClassifier.Predict(oof.Images[i].ImagePath).Probability, 1e-5);
        }
        for (int fold = 1; fold <= 3; fold++)
        {
            PneumoniaClassifier classifier = cv.FoldClassifiers[fold - 1];
            Assert.Equal(cv.ImageFolds.Count(f => f == fold), classifier.ValidationMetrics!.Count);
            Assert.Equal(oof.Metrics.Threshold, classifier.Threshold);
            Assert.Equal(cv.Ensemble.OperatingPoints, classifier.OperatingPoints);
            Assert.Equal(2, classifier.TrainingHistory.Count); // the whole schedule, no early stop
            Assert.Null(classifier.TrainingHistory[0].Validation); // the held-out fold is scored after the last epoch only
            Assert.Equal(classifier.ValidationMetrics!.Auc, classifier.TrainingHistory[^1].Validation!.Auc);
        }
        Assert.Equal(oof.Images.Count, oof.Metrics.Count);
        Assert.InRange(oof.Intervals.Auc.Lower, 0, oof.Metrics.Auc);
        Assert.Contains("out-of-fold", cv.Ensemble.ThresholdChoice);
        PneumoniaThresholdOrigin origin = cv.Ensemble.ThresholdOrigin;
        Assert.Equal(PneumoniaThresholdRule.CentreOfYoudenPlateau, origin.Rule);
        Assert.Equal(PneumoniaThresholdSource.OutOfFoldPredictions, origin.Source);
        Assert.Equal((oof.Images.Count, 3), (origin.ImageCount, origin.FoldCount));
        Assert.Equal(images.Select(Pneumonia.ML.Data.PatientId.FromFileName).Distinct().Count(), origin.PatientCount);
        Assert.Equal(cv.Ensemble.ThresholdChoice, origin.Description);
        Assert.All(cv.FoldClassifiers, c => Assert.Equal((origin.Rule, origin.Source, origin.ImageCount),
            (c.ThresholdOrigin.Rule, c.ThresholdOrigin.Source, c.ThresholdOrigin.ImageCount)));
        Assert.Equal([1, 2, 3], fixture.Reports.Select(r => r.Fold).Distinct());
        Assert.All(fixture.Reports, r => Assert.Equal(3, r.Folds));
    }

    [Fact]
    public void The_ensemble_answers_with_the_calibrated_mean_of_the_fold_networks_logits()
    {
        PneumoniaCrossValidation cv = fixture.Result;
        Assert.True(cv.CalibrationSlope > 0);
        foreach (string image in Fixtures.Images(Fixtures.SampleTest, "NORMAL").Take(2).Concat(Fixtures.Images(Fixtures.SampleTest, "PNEUMONIA").Take(2)))
        {
            double meanLogit = cv.FoldClassifiers.Average(c => (Logit(c.Predict(image).Probability) - cv.CalibrationIntercept) / cv.CalibrationSlope);
            double expected = 1 / (1 + Math.Exp(-(cv.CalibrationSlope * meanLogit + cv.CalibrationIntercept)));
            Assert.Equal(expected, cv.Ensemble.Predict(image).Probability, 1e-4);
        }
    }

    [Fact]
    public void The_ensemble_saves_loads_evaluates_explains_and_exports_like_one_network()
    {
        PneumoniaClassifier ensemble = fixture.Result.Ensemble;
        string folder = Fixtures.NewTempFolder();
        string path = Path.Combine(folder, "ensemble.pnm"), int8Path = Path.Combine(folder, "ensemble-int8.pnm");
        ensemble.Save(path);
        ensemble.Save(int8Path, PneumoniaWeightPrecision.Int8);
        string[] images = Directory.GetFiles(Fixtures.SampleTest, "*.jpeg", SearchOption.AllDirectories).Order().ToArray();
        float[] expected = ensemble.Predict(images).Select(p => p.Probability).ToArray();

        using (PneumoniaClassifier loaded = PneumoniaClassifier.Load(path))
        {
            Assert.Equal(expected, loaded.Predict(images).Select(p => p.Probability));
            Assert.Equal(ensemble.Threshold, loaded.Threshold);
            Assert.Equivalent(ensemble.ThresholdOrigin, loaded.ThresholdOrigin, strict: true);
            Assert.Equal(ensemble.Evaluate(Fixtures.SampleTest).Auc, loaded.Evaluate(Fixtures.SampleTest).Auc);
            PneumoniaExplanation explanation = loaded.Explain(images[0]);
            Assert.Equal(expected[0], explanation.Prediction.Probability, 1e-5);
            Assert.Equal(48 * 48, explanation.Heatmap.Count);
        }
        using (PneumoniaClassifier onnx = PneumoniaClassifier.Load(path, new PneumoniaInferenceOptions { Engine = PneumoniaInferenceEngine.OnnxRuntime }))
            Assert.All(expected.Zip(onnx.Predict(images)), p => Assert.Equal(p.First, p.Second.Probability, 1e-5));
        using (PneumoniaClassifier int8 = PneumoniaClassifier.Load(int8Path, new PneumoniaInferenceOptions { Engine = PneumoniaInferenceEngine.OnnxRuntimeInt8 }))
            Assert.All(expected.Zip(int8.Predict(images)), p => Assert.Equal(p.First, p.Second.Probability, 0.1));

        string exported = Path.Combine(folder, "ensemble.onnx");
        ensemble.ExportOnnx(exported);
        using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(exported);
        Assert.Equal(["probability", "logit", "features"], session.OutputMetadata.Keys); // features: the input check's
        byte[] pixels = ensemble.Preprocessor.DecodeFile(images[0]);
        var input = new Microsoft.ML.OnnxRuntime.Tensors.DenseTensor<float>(pixels.Select(b => b / 255f).ToArray(), [1, 3, 48, 48]);
        using var outputs = session.Run([Microsoft.ML.OnnxRuntime.NamedOnnxValue.CreateFromTensor("rgb", input)]);
        float probability = outputs.First(o => o.Name == "probability").AsEnumerable<float>().Single();
        float logit = outputs.First(o => o.Name == "logit").AsEnumerable<float>().Single();
        Assert.Equal(expected[0], probability, 1e-5); // the calibration travels with the exported graph
        Assert.Equal(probability, 1 / (1 + Math.Exp(-logit)), 1e-5);
    }

    [Fact]
    public void The_ensemble_stores_operating_points_chosen_out_of_fold_and_the_report_shows_them()
    {
        PneumoniaClassifier ensemble = fixture.Result.Ensemble;
        IReadOnlyList<PneumoniaOperatingPoint> points = ensemble.OperatingPoints;
        Assert.Equal(7, points.Count);
        Assert.Equal(ensemble.Threshold, points[0].Threshold);
        foreach (PneumoniaOperatingPoint point in points.Skip(1))
        {
            double target = double.Parse(point.Name[^4..], System.Globalization.CultureInfo.InvariantCulture);
            double achieved = point.Name.StartsWith("sensitivity", StringComparison.Ordinal) ? point.Sensitivity : point.Specificity;
            Assert.True(achieved >= target, $"{point.Name}: {achieved}");
        }

        string path = Path.Combine(Fixtures.NewTempFolder(), "ensemble.pnm");
        ensemble.Save(path);
        using (PneumoniaClassifier loaded = PneumoniaClassifier.Load(path)) Assert.Equal(points, loaded.OperatingPoints);

        string html = File.ReadAllText(PneumoniaReport.Write(ensemble.EvaluateDetailed(Fixtures.SampleTest), ensemble, Fixtures.NewTempFolder()));
        Assert.Contains("<h2>Operating points</h2>", html);
        Assert.Contains("sensitivity ≥ 0.95", html);
    }

    [Fact]
    public void Training_on_all_patients_keeps_the_out_of_fold_decision_rule()
    {
        PneumoniaCrossValidation cv = fixture.Result;
        int images = cv.OutOfFold.Images.Count;
        var batches = new List<PneumoniaTrainingProgress>();
        using PneumoniaClassifier all = cv.TrainOnAllPatients(new SynchronousProgress(batches.Add));

        // Every image trains it (batch size 8), and it takes over the rule chosen out of fold.
        Assert.Equal((images + 7) / 8, batches.First(r => r.Stage == PneumoniaTrainingStage.Batch).Batches);
        Assert.Equal(2, all.TrainingHistory.Count);
        Assert.Equal(cv.Ensemble.Threshold, all.Threshold);
        Assert.Equal(cv.Ensemble.OperatingPoints, all.OperatingPoints);
        Assert.Equal(cv.OutOfFold.Metrics, all.ValidationMetrics);
        Assert.True(all.HasFeatureStatistics); // the input check is fitted on the images it trained on
        Assert.True(cv.Ensemble.HasFeatureStatistics);
        Assert.All(cv.FoldClassifiers, fold => Assert.True(fold.HasFeatureStatistics));
        Assert.Contains("out-of-fold", all.ThresholdChoice);
        Assert.Contains($"trained on all {images} images", all.ThresholdChoice);
        Assert.Equal(PneumoniaThresholdSource.OutOfFoldPredictions, all.ThresholdOrigin.Source);
        Assert.Equal(cv.Ensemble.ThresholdOrigin.Rule, all.ThresholdOrigin.Rule);

        // Its probability is the out-of-fold calibration applied to its own logit, also after a save and load.
        string path = Path.Combine(Fixtures.NewTempFolder(), "all.pnm");
        all.Save(path);
        using PneumoniaClassifier loaded = PneumoniaClassifier.Load(path);
        string image = Fixtures.Images(Fixtures.SampleTest, "PNEUMONIA").First();
        using var onnx = PneumoniaClassifier.Load(path, new PneumoniaInferenceOptions { Engine = PneumoniaInferenceEngine.OnnxRuntime });
        Assert.Equal(all.Predict(image).Probability, loaded.Predict(image).Probability);
        Assert.Equal(all.Predict(image).Probability, onnx.Predict(image).Probability, 1e-5);
        Assert.Equal(all.Predict(image).InputCheck.Distance!.Value, onnx.Predict(image).InputCheck.Distance!.Value, 1e-3);
        Assert.Equal(all.Predict(image).InputCheck.Distance, loaded.Predict(image).InputCheck.Distance);
        Assert.Equal(cv.Ensemble.Threshold, loaded.Threshold);
    }

    [Fact]
    public void An_unreadable_image_is_skipped_once_and_never_measured()
    {
        string root = Fixtures.NewTempFolder();
        foreach (string className in new[] { "NORMAL", "PNEUMONIA" })
        {
            Directory.CreateDirectory(Path.Combine(root, className));
            foreach (string image in Fixtures.Images(Fixtures.SampleTrain, className).Take(8))
                File.Copy(image, Path.Combine(root, className, Path.GetFileName(image)));
        }
        string broken = Path.Combine(root, "NORMAL", "IM-9999-0001.jpeg");
        File.WriteAllText(broken, "not an image");
        PneumoniaTrainingOptions options = CrossValidationFixture.Quick();
        (options.ImageSize, options.Epochs, options.SkipUnreadableImages) = (32, 1, true);

        using PneumoniaCrossValidation cv = PneumoniaClassifier.CrossValidate(root, folds: 2, options);
        Assert.Equal(16, cv.OutOfFold.Images.Count);
        Assert.Equal(broken, Assert.Single(cv.Ensemble.SkippedImages).Path);
    }

    [Fact]
    public void Cancelling_stops_before_the_next_batch()
    {
        using var cancellation = new CancellationTokenSource();
        int batchesAfterCancel = 0;
        var progress = new SynchronousProgress(report =>
        {
            if (cancellation.IsCancellationRequested) batchesAfterCancel++;
            if (report is { Fold: 2, Stage: PneumoniaTrainingStage.Batch, Batch: 1 }) cancellation.Cancel();
        });
        Assert.ThrowsAny<OperationCanceledException>(() =>
            PneumoniaClassifier.CrossValidate(Fixtures.SampleTrain, folds: 2, CrossValidationFixture.Quick(), progress: progress, cancellationToken: cancellation.Token));
        Assert.Equal(0, batchesAfterCancel);
    }

    [Fact]
    public void More_folds_than_patients_of_a_class_are_refused_before_any_training()
    {
        string root = Fixtures.NewTempFolder();
        foreach (string className in new[] { "NORMAL", "PNEUMONIA" })
        {
            Directory.CreateDirectory(Path.Combine(root, className));
            foreach (string image in Fixtures.Images(Fixtures.SampleTrain, className).Take(3))
                File.Copy(image, Path.Combine(root, className, Path.GetFileName(image)));
        }
        var error = Assert.Throws<InvalidDatasetException>(() => PneumoniaClassifier.CrossValidate(root, folds: 5, CrossValidationFixture.Quick()));
        Assert.Contains("5 folds need at least 5 patients", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => PneumoniaClassifier.CrossValidate(root, folds: 1, CrossValidationFixture.Quick()));
        Assert.Throws<ArgumentOutOfRangeException>(() => PneumoniaClassifier.CrossValidate(root, folds: 21, CrossValidationFixture.Quick()));
    }
}
