using Microsoft.ML;
using Microsoft.ML.Data;

namespace Pneumonia.ML.Tests.MLNet;

/// <summary>
/// The classifier as an ML.NET citizen: trained by a catalog trainer, scored by a transformer, judged by ML.NET's own
/// evaluator, which must agree with <see cref="PneumoniaClassifier.Evaluate"/> on the same images.
/// </summary>
[Collection(MLNetCollection.Name)]
public sealed class MLNetPipelineTests(MLNetFixture fixture)
{
    private const double Tolerance = 1e-6;

    [Fact]
    public void BinaryClassification_Evaluate_gives_the_library_metrics_on_the_same_images()
    {
        IDataView scored = fixture.Transformer.Transform(fixture.Test);
        CalibratedBinaryClassificationMetrics ml = fixture.MLContext.BinaryClassification.Evaluate(scored);
        PneumoniaMetrics library = fixture.Transformer.Classifier.Evaluate(Fixtures.SampleTest);

        Assert.Equal(library.Auc, ml.AreaUnderRocCurve, Tolerance);
        Assert.Equal(library.Accuracy, ml.Accuracy, Tolerance);
        Assert.Equal(library.Sensitivity, ml.PositiveRecall, Tolerance);
        Assert.Equal(library.Specificity, ml.NegativeRecall, Tolerance);
        AssertEqualOrBothNaN(library.Precision, ml.PositivePrecision);
        AssertEqualOrBothNaN(library.NegativePredictiveValue, ml.NegativePrecision);
        AssertEqualOrBothNaN(library.F1, ml.F1Score);
        // ML.NET's log-loss is in bits, the library's in nats: bits = nats / ln 2 (no probability here reaches the library's 1e-15 clip).
        Assert.Equal(library.LogLoss / Math.Log(2), ml.LogLoss, Tolerance);

        // ML.NET's confusion matrix: rows are the truth (positive first), columns the prediction (positive first).
        IReadOnlyList<IReadOnlyList<double>> counts = ml.ConfusionMatrix.Counts;
        Assert.Equal(library.ConfusionMatrix.TruePositives, counts[0][0]);
        Assert.Equal(library.ConfusionMatrix.FalseNegatives, counts[0][1]);
        Assert.Equal(library.ConfusionMatrix.FalsePositives, counts[1][0]);
        Assert.Equal(library.ConfusionMatrix.TrueNegatives, counts[1][1]);
        Assert.Equal(library.Count, (int)counts.Sum(row => row.Sum()));
    }

    [Fact]
    public void Each_row_has_the_probability_of_Predict_and_a_score_whose_sign_is_the_decision()
    {
        IDataView scored = fixture.Transformer.Transform(fixture.Test);
        XRayScore[] rows = fixture.MLContext.Data.CreateEnumerable<XRayScore>(scored, reuseRowObject: false).ToArray();
        XRay[] inputs = MLNetFixture.Rows(Fixtures.SampleTest);
        PneumoniaClassifier classifier = fixture.Transformer.Classifier;

        Assert.Equal(inputs.Length, rows.Length);
        for (int i = 0; i < rows.Length; i++)
        {
            PneumoniaPrediction expected = classifier.Predict(inputs[i].Image);
            Assert.Equal(expected.Probability, rows[i].Probability);
            Assert.Equal(expected.Label == PneumoniaClassifier.PneumoniaLabel, rows[i].PredictedLabel);
            Assert.Equal(rows[i].PredictedLabel, rows[i].Score > 0);
            Assert.True(float.IsFinite(rows[i].Score));
            double margin = Logit(expected.Probability) - Logit(classifier.Threshold);
            Assert.Equal(margin, rows[i].Score, 1e-4 * Math.Max(1, Math.Abs(margin)));
        }
    }

    [Fact]
    public void A_prediction_engine_gives_what_Predict_gives()
    {
        PredictionEngine<XRay, XRayScore> engine = fixture.MLContext.Model.CreatePredictionEngine<XRay, XRayScore>(fixture.Transformer);
        foreach (XRay input in MLNetFixture.Rows(Fixtures.SampleTest))
        {
            XRayScore output = engine.Predict(input);
            PneumoniaPrediction expected = fixture.Transformer.Classifier.Predict(input.Image);
            Assert.Equal(expected.Probability, output.Probability);
            Assert.Equal(expected.Label == PneumoniaClassifier.PneumoniaLabel, output.PredictedLabel);
        }
    }

    [Fact]
    public void File_bytes_and_LoadImages_columns_score_as_the_paths_do()
    {
        XRay[] inputs = MLNetFixture.Rows(Fixtures.SampleTest);
        IDataView bytes = fixture.MLContext.Data.LoadFromEnumerable(inputs.Select(x => new XRayBytes { Label = x.Label, Image = File.ReadAllBytes(x.Image) }));
        IDataView images = fixture.MLContext.Transforms.LoadImages("Image", imageFolder: null, inputColumnName: "Image")
            .Fit(fixture.Test).Transform(fixture.Test);

        float[] fromPaths = Probabilities(fixture.Transformer.Transform(fixture.Test));
        float[] fromBytes = Probabilities(fixture.Transformer.Transform(bytes));
        float[] fromImages = Probabilities(fixture.Transformer.Transform(images));

        Assert.Equal(fromPaths, fromBytes);
        // LoadImages decodes with ML.NET's own SkiaSharp call; these baseline JPEGs decode to the same pixels.
        for (int i = 0; i < fromPaths.Length; i++) Assert.Equal(fromPaths[i], fromImages[i], 1e-6f);
    }

    [Fact]
    public void A_shipped_classifier_scores_a_pipeline_without_training()
    {
        using PneumoniaClassifier shipped = PneumoniaClassifier.LoadDefault();
        XRay[] inputs = MLNetFixture.Rows(Fixtures.SampleTest).Take(4).ToArray();
        PneumoniaTransformer transformer = shipped.AsTransformer();
        XRayScore[] rows = fixture.MLContext.Data.CreateEnumerable<XRayScore>(
            transformer.Transform(fixture.MLContext.Data.LoadFromEnumerable(inputs)), reuseRowObject: false).ToArray();

        for (int i = 0; i < inputs.Length; i++)
            Assert.Equal(shipped.Predict(inputs[i].Image).Probability, rows[i].Probability);
        transformer.Dispose(); // does not own the classifier
        Assert.Equal(rows[0].Probability, shipped.Predict(inputs[0].Image).Probability);
    }

    [Fact]
    public void CrossValidate_runs_the_trainer_on_every_fold()
    {
        var folds = fixture.MLContext.BinaryClassification.CrossValidate(fixture.Train,
            fixture.MLContext.BinaryClassification.Trainers.Pneumonia(fixture.Options), numberOfFolds: 2);

        Assert.Equal(2, folds.Count);
        foreach (var fold in folds)
        {
            Assert.InRange(fold.Metrics.AreaUnderRocCurve, 0, 1);
            Assert.Equal(fold.ScoredHoldOutSet.GetRowCount() ?? fold.ScoredHoldOutSet.Preview().RowView.Length,
                (long)fold.Metrics.ConfusionMatrix.Counts.Sum(row => row.Sum()));
            ((PneumoniaTransformer)fold.Model).Dispose();
        }
    }

    [Fact]
    public void Missing_or_mistyped_columns_throw_InvalidColumnException_naming_the_column()
    {
        var estimator = fixture.MLContext.BinaryClassification.Trainers.Pneumonia(fixture.Options, imageColumnName: "Xray");
        var missing = Assert.Throws<InvalidColumnException>(() => estimator.Fit(fixture.Train));
        Assert.Equal("Xray", missing.ColumnName);
        Assert.Contains("'Image'", missing.Message);

        IDataView numbers = fixture.MLContext.Data.LoadFromEnumerable(new[] { new { Label = 1f, Image = 2f } });
        var label = Assert.Throws<InvalidColumnException>(() => fixture.MLContext.BinaryClassification.Trainers.Pneumonia(fixture.Options).Fit(numbers));
        Assert.Equal("Label", label.ColumnName);
        var image = Assert.Throws<InvalidColumnException>(() => fixture.Transformer.Transform(numbers));
        Assert.Equal("Image", image.ColumnName);
        Assert.Throws<InvalidColumnException>(() => fixture.Transformer.GetOutputSchema(numbers.Schema));
    }

    [Fact]
    public void An_unreadable_image_throws_InvalidImageException_naming_the_row()
    {
        IDataView broken = fixture.MLContext.Data.LoadFromEnumerable(new[] { new XRayBytes { Label = true, Image = [1, 2, 3] } });
        IDataView scored = fixture.Transformer.Transform(broken);

        var error = Assert.Throws<InvalidImageException>(() => fixture.MLContext.Data.CreateEnumerable<XRayScore>(scored, reuseRowObject: false).ToArray());
        Assert.Equal("row 0 of column 'Image'", error.Path);
    }

    private static float[] Probabilities(IDataView scored) =>
        scored.GetColumn<float>("Probability").ToArray();

    private static double Logit(double p) => Math.Log(p) - Math.Log(1 - p);

    private static void AssertEqualOrBothNaN(double expected, double actual)
    {
        if (double.IsNaN(expected)) Assert.True(double.IsNaN(actual) || actual == 0, $"expected NaN, got {actual}");
        else Assert.Equal(expected, actual, Tolerance);
    }
}
