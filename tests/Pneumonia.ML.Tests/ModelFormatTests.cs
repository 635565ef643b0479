namespace Pneumonia.ML.Tests;

/// <summary>
/// A model file written on 2026-11-30 (format version 1: a 2-network CompactCnn ensemble at 32 px from a 2-fold
/// cross-validation, int8 weights, Platt calibration, int8 activation ranges, out-of-fold metrics) must keep loading
/// with the same metadata and the same answers, whatever the classes behind the format become.
/// </summary>
public class ModelFormatTests
{
    private static string FixtureModel => Path.Combine(AppContext.BaseDirectory, "Fixtures", "model-files", "ensemble-v1-int8.pnm");

    private static readonly (string File, string Class, double Probability)[] Answers =
    [
        ("IM-0228-0001.jpeg", "NORMAL", 0.0495053),
        ("IM-0338-0001.jpeg", "NORMAL", 0.42180005),
        ("person1108_bacteria_3049.jpeg", "PNEUMONIA", 0.45653033),
        ("person1238_bacteria_3194.jpeg", "PNEUMONIA", 0.8570897),
    ];

    private static string ImagePath((string File, string Class, double Probability) answer) =>
        Path.Combine(Fixtures.SampleTest, answer.Class, answer.File);

    [Fact]
    public void A_model_file_of_format_1_loads_with_its_metadata_and_answers()
    {
        using PneumoniaClassifier classifier = PneumoniaClassifier.Load(FixtureModel);
        Assert.Equal(PneumoniaArchitecture.CompactCnn, classifier.Architecture);
        Assert.Equal(32, classifier.ImageSize);
        Assert.Equal(0.4450502180202121, classifier.Threshold);
        Assert.Contains("the 2 fold networks answer together", classifier.ThresholdChoice);
        // Written before origins were stored: the words survive, the rule is unrecorded.
        Assert.Equal(PneumoniaThresholdRule.Unrecorded, classifier.ThresholdOrigin.Rule);
        Assert.Equal(PneumoniaThresholdSource.None, classifier.ThresholdOrigin.Source);
        Assert.Equal(classifier.ThresholdChoice, classifier.ThresholdOrigin.Description);
        Assert.Single(classifier.TrainingHistory);
        Assert.Equal(60, classifier.ValidationMetrics!.Count);
        Assert.Equal(0.7788888888888889, classifier.ValidationMetrics.Auc);
        Assert.All(Answers, a => Assert.Equal(a.Probability, classifier.Predict(ImagePath(a)).Probability, 1e-6));
    }

    [Fact]
    public void A_model_file_of_format_1_runs_on_every_engine_and_saves_again_unchanged_in_meaning()
    {
        foreach (PneumoniaInferenceEngine engine in Enum.GetValues<PneumoniaInferenceEngine>())
        {
            using PneumoniaClassifier classifier = PneumoniaClassifier.Load(FixtureModel, new PneumoniaInferenceOptions { Engine = engine });
            double tolerance = engine == PneumoniaInferenceEngine.OnnxRuntimeInt8 ? 0.1 : 1e-5;
            Assert.All(Answers, a => Assert.Equal(a.Probability, classifier.Predict(ImagePath(a)).Probability, tolerance));
        }

        string again = Path.Combine(Fixtures.NewTempFolder(), "again.pnm");
        using (PneumoniaClassifier original = PneumoniaClassifier.Load(FixtureModel)) original.Save(again, PneumoniaWeightPrecision.Int8);
        using PneumoniaClassifier reloaded = PneumoniaClassifier.Load(again);
        Assert.Equal(0.4450502180202121, reloaded.Threshold);
        Assert.All(Answers, a => Assert.Equal(a.Probability, reloaded.Predict(ImagePath(a)).Probability, 1e-6));
    }
}
