namespace Pneumonia.ML.Tests;

/// <summary>
/// A three-class model (NORMAL / BACTERIAL / VIRAL) answers every class and still the binary question, P(pneumonia) =
/// 1 − P(NORMAL), through the binary API; it saves and loads with its classes.
/// </summary>
[Collection(ThreeClassCollection.Name)]
public class ThreeClassTrainingTests(ThreeClassFixture fixture)
{
    private static string TestImage(string className, int index) => Fixtures.Images(Fixtures.SampleTest, className)[index];

    [Fact]
    public void The_model_knows_its_classes_and_answers_each_with_a_probability()
    {
        PneumoniaClassifier classifier = fixture.Classifier;
        Assert.Equal(["BACTERIAL", "NORMAL", "VIRAL"], classifier.Classes);
        Assert.True(classifier.IsMulticlass);
        Assert.Equal(PneumoniaClasses.NormalBacterialViral.Description, classifier.ClassesDescription);

        foreach (PneumoniaPrediction prediction in classifier.Predict([TestImage("NORMAL", 0), TestImage("PNEUMONIA", 0), TestImage("PNEUMONIA", 9)]))
        {
            Assert.Equal(classifier.Classes, prediction.Classes);
            Assert.Equal(3, prediction.ClassProbabilities.Count);
            Assert.Equal(1.0, prediction.ClassProbabilities.Sum(p => (double)p), 5);
            Assert.Equal(prediction.ClassProbabilities.Max(), prediction.ClassProbabilities[prediction.ClassIndex]);
            Assert.Equal(classifier.Classes[prediction.ClassIndex], prediction.ClassLabel);
            Assert.Equal(1 - prediction.ClassProbabilities[1], prediction.Probability, 5);
            Assert.Equal(prediction.Probability >= classifier.Threshold, prediction.IsPneumonia);
        }
    }

    [Fact]
    public void The_binary_evaluation_reads_pneumonia_as_one_minus_normal()
    {
        PneumoniaMetrics metrics = fixture.Classifier.Evaluate(Fixtures.SampleTest);
        Assert.Equal(20, metrics.Count);
        Assert.InRange(metrics.Auc, 0, 1);
        Assert.NotNull(fixture.Classifier.ValidationMetrics);
    }

    [Fact]
    public void The_class_evaluation_has_an_n_by_n_matrix_and_every_class_with_intervals()
    {
        PneumoniaMulticlassMetrics metrics = fixture.Classifier.EvaluateClasses(Fixtures.SampleTest);

        Assert.Equal(20, metrics.Count);
        Assert.Equal(3, metrics.ConfusionMatrix.Counts.Count);
        Assert.Equal([8, 10, 2], metrics.ConfusionMatrix.Counts.Select(row => row.Sum()));
        Assert.Equal(metrics.ConfusionMatrix.Counts.Select((row, c) => row[c]).Sum() / 20.0, metrics.MicroAccuracy, 12);
        Assert.All(metrics.PerClass, c =>
        {
            Assert.InRange(c.Auc.Estimate, 0, 1);
            Assert.True(c.Auc.Lower <= c.Auc.Estimate && c.Auc.Estimate <= c.Auc.Upper);
            Assert.True(c.Sensitivity.Lower <= c.Sensitivity.Estimate && c.Specificity.Estimate <= c.Specificity.Upper);
        });
        Assert.True(double.IsFinite(metrics.LogLoss));
    }

    [Fact]
    public void The_detailed_evaluation_and_the_report_show_every_class()
    {
        PneumoniaEvaluation evaluation = fixture.Classifier.EvaluateDetailed(Fixtures.SampleTest);
        PneumoniaMulticlassMetrics classes = Assert.IsType<PneumoniaMulticlassMetrics>(evaluation.ClassMetrics);
        Assert.Equal(fixture.Classifier.EvaluateClasses(Fixtures.SampleTest), classes, new SameFigures());
        Assert.Equal(fixture.Classifier.Evaluate(Fixtures.SampleTest), evaluation.Metrics);

        string html = File.ReadAllText(PneumoniaReport.Write(evaluation, fixture.Classifier, Fixtures.NewTempFolder()));
        Assert.Contains("<h2>Classes</h2>", html);
        Assert.Contains("One-vs-rest AUC", html);
        Assert.Contains("<th>VIRAL</th>", html);
    }

    private sealed class SameFigures : IEqualityComparer<PneumoniaMulticlassMetrics>
    {
        public bool Equals(PneumoniaMulticlassMetrics? x, PneumoniaMulticlassMetrics? y) =>
            x is not null && y is not null && x.LogLoss == y.LogLoss && x.MicroAccuracy == y.MicroAccuracy &&
            x.ConfusionMatrix.Counts.SelectMany(r => r).SequenceEqual(y.ConfusionMatrix.Counts.SelectMany(r => r)) &&
            x.PerClass.Select(c => c.Auc).SequenceEqual(y.PerClass.Select(c => c.Auc));

        public int GetHashCode(PneumoniaMulticlassMetrics obj) => 0;
    }

    [Fact]
    public void Saving_and_loading_keeps_the_classes_and_the_answers()
    {
        string path = Path.Combine(Fixtures.NewTempFolder(), "three.pnm");
        fixture.Classifier.Save(path);
        using PneumoniaClassifier loaded = PneumoniaClassifier.Load(path);

        Assert.Equal(fixture.Classifier.Classes, loaded.Classes);
        PneumoniaPrediction before = fixture.Classifier.Predict(TestImage("PNEUMONIA", 8));
        PneumoniaPrediction after = loaded.Predict(TestImage("PNEUMONIA", 8));
        Assert.Equal(before.ClassProbabilities, after.ClassProbabilities);
        Assert.Equal(before.Probability, after.Probability);
        Assert.Equal(fixture.Classifier.EvaluateClasses(Fixtures.SampleTest).LogLoss, loaded.EvaluateClasses(Fixtures.SampleTest).LogLoss);
    }

    [Fact]
    public void Cross_validation_refuses_classes_it_cannot_train()
    {
        var options = new PneumoniaTrainingOptions { Classes = PneumoniaClasses.NormalBacterialViral };
        var error = Assert.Throws<ArgumentException>(() => PneumoniaClassifier.CrossValidate(Fixtures.SampleTrain, options: options));
        Assert.Contains("binary", error.Message);
    }
}
