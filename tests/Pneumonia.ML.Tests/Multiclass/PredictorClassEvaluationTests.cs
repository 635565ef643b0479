using Pneumonia.ML.Persistence;
using static TorchSharp.torch;

namespace Pneumonia.ML.Tests;

/// <summary>
/// <see cref="PneumoniaPredictor.EvaluateClasses"/> and the class metrics of <see cref="PneumoniaPredictor.EvaluateDetailed"/>
/// give what <see cref="PneumoniaClassifier"/> gives on the ONNX Runtime engine of the file's precision: for the
/// three-class model (read by its file names, by class folders, or by a rule given again), and for a binary model.
/// </summary>
[Collection(ThreeClassCollection.Name)]
public class PredictorClassEvaluationTests(ThreeClassFixture fixture)
{
    [Theory]
    [InlineData(PneumoniaWeightPrecision.Float32, PneumoniaInferenceEngine.OnnxRuntime)]
    [InlineData(PneumoniaWeightPrecision.Int8, PneumoniaInferenceEngine.OnnxRuntimeInt8)]
    public void A_three_class_predictor_evaluates_every_class_as_the_classifier_on_the_same_engine(PneumoniaWeightPrecision precision, PneumoniaInferenceEngine engine)
    {
        (PneumoniaClassifier classifier, PneumoniaPredictor predictor) = Pair(precision, engine);
        using (classifier)
        using (predictor)
        {
            var options = new PneumoniaEvaluationOptions { ConfidenceLevel = 0.9, ProportionInterval = PneumoniaProportionInterval.ClopperPearson };
            PneumoniaMulticlassMetrics expected = classifier.EvaluateClasses(Fixtures.SampleTest, options: options);
            PneumoniaMulticlassMetrics actual = predictor.EvaluateClasses(Fixtures.SampleTest, options: options);

            Assert.Equivalent(expected, actual, strict: true);
            Assert.Equal(20, actual.Count);
            Assert.Equal([8, 10, 2], actual.ConfusionMatrix.Counts.Select(row => row.Sum())); // read by the file names
            Assert.Equivalent(classifier.EvaluateClasses(Fixtures.SampleRoot), predictor.EvaluateClasses(Fixtures.SampleRoot), strict: true); // a Kaggle root: its test/

            var detailed = new PneumoniaEvaluationOptions { BootstrapResamples = 200 };
            PneumoniaEvaluation full = classifier.EvaluateDetailed(Fixtures.SampleTest, detailed), inference = predictor.EvaluateDetailed(Fixtures.SampleTest, detailed);
            Assert.NotNull(inference.ClassMetrics);
            Assert.Equivalent(full.ClassMetrics, inference.ClassMetrics, strict: true);
            Assert.Equal(full.Metrics, inference.Metrics);
            Assert.Equal(classifier.Evaluate(Fixtures.SampleTest), predictor.Evaluate(Fixtures.SampleTest));
        }
    }

    [Fact]
    public void The_three_class_predictor_refuses_what_the_classifier_refuses()
    {
        (PneumoniaClassifier classifier, PneumoniaPredictor predictor) = Pair(PneumoniaWeightPrecision.Float32, PneumoniaInferenceEngine.OnnxRuntime);
        using (classifier)
        using (predictor)
        {
            string root = Fixtures.NewTempFolder();
            CopyInto(root, "NORMAL", Fixtures.Images(Fixtures.SampleTest, "NORMAL").Take(2));
            CopyInto(root, "FUNGAL", Fixtures.Images(Fixtures.SampleTest, "NORMAL").Skip(2).Take(1));
            var byClassifier = Assert.Throws<InvalidDatasetException>(() => classifier.EvaluateClasses(root, PneumoniaClasses.Folders));
            var byPredictor = Assert.Throws<InvalidDatasetException>(() => predictor.EvaluateClasses(root, PneumoniaClasses.Folders));
            Assert.Equal(byClassifier.Message, byPredictor.Message);
            Assert.Contains("class FUNGAL", byPredictor.Message);

            string missing = Path.Combine(root, "missing");
            Assert.Equal(Assert.Throws<InvalidDatasetException>(() => classifier.EvaluateClasses(missing)).Message,
                Assert.Throws<InvalidDatasetException>(() => predictor.EvaluateClasses(missing)).Message);
            Assert.Throws<ArgumentException>(() => predictor.EvaluateClasses(" "));
            Assert.Throws<ArgumentOutOfRangeException>(() => predictor.EvaluateClasses(Fixtures.SampleTest, options: new PneumoniaEvaluationOptions { ConfidenceLevel = 1.5 }));
        }
    }

    [Fact]
    public void The_file_stores_its_class_source_and_reads_by_it_whatever_its_words_say()
    {
        string path = Export(PneumoniaWeightPrecision.Float32, null);
        InferenceModel model = InferenceModelFile.Read(File.ReadAllBytes(path), path);
        Assert.Equal(ClassSource.NormalBacterialViral, model.ClassSource);
        InferenceModelFile.Write(path, model with { ClassesDescription = "words a later version may use" });

        using PneumoniaPredictor predictor = PneumoniaPredictor.Load(path, SameThreads());
        using PneumoniaClassifier classifier = OnEngine(PneumoniaInferenceEngine.OnnxRuntime);
        Assert.Equivalent(classifier.EvaluateClasses(Fixtures.SampleTest), predictor.EvaluateClasses(Fixtures.SampleTest), strict: true);

        InferenceModelFile.Write(path, model with { ClassSource = ClassSource.NormalPneumonia });
        var refused = Assert.Throws<InvalidModelFileException>(() => PneumoniaPredictor.Load(path));
        Assert.Contains("its field ClassSource (NormalPneumonia) is not a source of a softmax model's classes", refused.Message);
    }

    [Fact]
    public void A_folders_model_file_reads_class_folders_as_the_classifier_does()
    {
        string path = Export(PneumoniaWeightPrecision.Float32, "one class per folder"); // what a PneumoniaClasses.Folders model's file says (before sources were stored)
        using PneumoniaPredictor predictor = PneumoniaPredictor.Load(path, SameThreads());
        using PneumoniaClassifier classifier = OnEngine(PneumoniaInferenceEngine.OnnxRuntime);
        string root = Fixtures.NewTempFolder();
        CopyInto(root, "NORMAL", Fixtures.Images(Fixtures.SampleTest, "NORMAL"));
        CopyInto(root, "BACTERIAL", Fixtures.Images(Fixtures.SampleTest, "PNEUMONIA").Where(f => f.Contains("_bacteria_", StringComparison.Ordinal)));
        CopyInto(root, "viral", Fixtures.Images(Fixtures.SampleTest, "PNEUMONIA").Where(f => f.Contains("_virus_", StringComparison.Ordinal)));

        Assert.Equal("one class per folder", predictor.ClassesDescription);
        Assert.Equivalent(classifier.EvaluateClasses(root, PneumoniaClasses.Folders), predictor.EvaluateClasses(root), strict: true);
        // The same images read by the file names give the same figures (up to the order of summing: the paths sort otherwise).
        PneumoniaMulticlassMetrics byName = predictor.EvaluateClasses(Fixtures.SampleTest, PneumoniaClasses.NormalBacterialViral), byFolder = predictor.EvaluateClasses(root);
        Assert.Equivalent(byName.ConfusionMatrix, byFolder.ConfusionMatrix, strict: true);
        Assert.Equal(byName.LogLoss, byFolder.LogLoss, 12);
        Assert.NotNull(predictor.EvaluateDetailed(root, new PneumoniaEvaluationOptions { BootstrapResamples = 100 }).ClassMetrics);
    }

    [Theory]
    [InlineData("a labelling rule")]              // what a PneumoniaClasses.FromRule (or ML.NET-trained) model's file says
    [InlineData("NORMAL and PNEUMONIA folders")]  // the binary words, which no multi-class model's file says
    public void A_rule_model_file_is_evaluated_with_its_rule_given_again(string description)
    {
        string path = Export(PneumoniaWeightPrecision.Float32, description);
        using PneumoniaPredictor predictor = PneumoniaPredictor.Load(path, SameThreads());
        using PneumoniaClassifier classifier = OnEngine(PneumoniaInferenceEngine.OnnxRuntime);
        PneumoniaClasses rule = PneumoniaClasses.FromRule(["NORMAL", "VIRAL", "BACTERIAL"],
            file => file.Contains("_virus_", StringComparison.Ordinal) ? "VIRAL" : file.Contains("_bacteria_", StringComparison.Ordinal) ? "BACTERIAL" : "NORMAL");

        var refused = Assert.Throws<InvalidOperationException>(() => predictor.EvaluateClasses(Fixtures.SampleTest));
        // For a rule, the words of a rule classifier's refusal.
        Assert.Equal($"This model's classes came from {description}, which a model file cannot hold: pass the rule as the classes argument.", refused.Message);
        Assert.Equivalent(classifier.EvaluateClasses(Fixtures.SampleTest, rule), predictor.EvaluateClasses(Fixtures.SampleTest, rule), strict: true);
        // Like a rule's classifier, the detailed evaluation reads NORMAL and PNEUMONIA and has no class metrics.
        PneumoniaEvaluation evaluation = predictor.EvaluateDetailed(Fixtures.SampleTest, new PneumoniaEvaluationOptions { BootstrapResamples = 100 });
        Assert.Null(evaluation.ClassMetrics);
        Assert.Equal(20, evaluation.Metrics.Count);
    }

    [Fact]
    public void A_binary_predictor_evaluates_normal_and_pneumonia_at_its_threshold_as_the_binary_classifier()
    {
        using PneumoniaClassifier classifier = PneumoniaClassifier.LoadDefault(new PneumoniaInferenceOptions { Engine = PneumoniaInferenceEngine.OnnxRuntimeInt8 });
        using PneumoniaPredictor predictor = PneumoniaPredictor.LoadDefault(SameThreads());

        PneumoniaMulticlassMetrics expected = classifier.EvaluateClasses(Fixtures.SampleTest), actual = predictor.EvaluateClasses(Fixtures.SampleTest);
        Assert.False(predictor.IsMulticlass);
        Assert.Equivalent(expected, actual, strict: true);
        Assert.Equal(["NORMAL", "PNEUMONIA"], actual.PerClass.Select(c => c.ClassName));
        // The binary call at the threshold: the class confusion matrix is the binary one.
        PneumoniaConfusionMatrix binary = predictor.Evaluate(Fixtures.SampleTest).ConfusionMatrix;
        Assert.Equal(binary.TruePositives, actual.ConfusionMatrix.Counts[1][1]);
        Assert.Equal(binary.FalsePositives, actual.ConfusionMatrix.Counts[0][1]);
        Assert.Equivalent(classifier.EvaluateClasses(Fixtures.SampleTest, PneumoniaClasses.NormalPneumonia), predictor.EvaluateClasses(Fixtures.SampleTest, PneumoniaClasses.NormalPneumonia), strict: true);
        Assert.Null(predictor.EvaluateDetailed(Fixtures.SampleTest, new PneumoniaEvaluationOptions { BootstrapResamples = 100 }).ClassMetrics);

        // Classes the binary model does not know are refused alike.
        Assert.Equal(Assert.Throws<InvalidDatasetException>(() => classifier.EvaluateClasses(Fixtures.SampleTest, PneumoniaClasses.NormalBacterialViral)).Message,
            Assert.Throws<InvalidDatasetException>(() => predictor.EvaluateClasses(Fixtures.SampleTest, PneumoniaClasses.NormalBacterialViral)).Message);
    }

    /// <summary>The fixture's model on a full-package engine, and its <c>.pnmi</c> of the matching precision.</summary>
    private (PneumoniaClassifier, PneumoniaPredictor) Pair(PneumoniaWeightPrecision precision, PneumoniaInferenceEngine engine)
    {
        PneumoniaPredictor predictor = PneumoniaPredictor.Load(Export(precision, null), SameThreads());
        return (OnEngine(engine), predictor);
    }

    private PneumoniaClassifier OnEngine(PneumoniaInferenceEngine engine)
    {
        using var saved = new MemoryStream();
        fixture.Classifier.Save(saved);
        saved.Position = 0;
        return PneumoniaClassifier.Load(saved, new PneumoniaInferenceOptions { Engine = engine });
    }

    /// <summary>
    /// Exports the fixture's model; with <paramref name="description"/>, rewrites the file's class description and
    /// drops its stored class source, as a file written before sources were stored says another source.
    /// </summary>
    private string Export(PneumoniaWeightPrecision precision, string? description)
    {
        string path = Path.Combine(Fixtures.NewTempFolder(), "three.pnmi");
        fixture.Classifier.ExportInferenceModel(path, precision);
        if (description is not null)
        {
            InferenceModel model = InferenceModelFile.Read(File.ReadAllBytes(path), path);
            InferenceModelFile.Write(path, model with { ClassesDescription = description, ClassSource = null });
        }
        return path;
    }

    /// <summary>As many ONNX Runtime threads as the full package's engines use (libtorch's count).</summary>
    private static PneumoniaPredictorOptions SameThreads() => new() { Threads = get_num_threads() };

    private static void CopyInto(string root, string className, IEnumerable<string> files)
    {
        string folder = Path.Combine(root, className);
        Directory.CreateDirectory(folder);
        foreach (string file in files) File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
    }
}
