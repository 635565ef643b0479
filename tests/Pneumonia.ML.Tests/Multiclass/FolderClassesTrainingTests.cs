namespace Pneumonia.ML.Tests;

/// <summary>Models of class folders and of a rule: trained, evaluated by their own classes, unknown classes refused.</summary>
public class FolderClassesTrainingTests
{
    private static PneumoniaTrainingOptions Tiny(PneumoniaClasses classes) => new()
    {
        Architecture = PneumoniaArchitecture.CompactCnn, ImageSize = 32, Epochs = 1, BatchSize = 16, Seed = 1, Augment = false, Classes = classes,
    };

    [Fact]
    public void A_model_of_four_class_folders_evaluates_by_its_folders_and_refuses_a_class_it_does_not_know()
    {
        string root = Fixtures.NewTempFolder();
        string[] normal = Fixtures.Images(Fixtures.SampleTrain, "NORMAL"), pneumonia = Fixtures.Images(Fixtures.SampleTrain, "PNEUMONIA");
        CopyInto(root, "a", normal.Take(8));
        CopyInto(root, "b", normal.Skip(8).Take(8));
        CopyInto(root, "c", pneumonia.Take(8));
        CopyInto(root, "normal", pneumonia.Skip(8).Take(8));

        using PneumoniaClassifier classifier = PneumoniaClassifier.Train(root, Tiny(PneumoniaClasses.Folders));

        Assert.Equal(["a", "b", "c", "normal"], classifier.Classes);
        PneumoniaMulticlassMetrics metrics = classifier.EvaluateClasses(root);
        Assert.Equal(32, metrics.Count);
        Assert.Equal([8, 8, 8, 8], metrics.PerClass.Select(c => c.Count));
        PneumoniaMetrics binary = classifier.Evaluate(root);               // pneumonia: every class but "normal"
        Assert.Equal(24, binary.ConfusionMatrix.TruePositives + binary.ConfusionMatrix.FalseNegatives);

        CopyInto(root, "d", normal.Skip(16).Take(1));
        var error = Assert.Throws<InvalidDatasetException>(() => classifier.EvaluateClasses(root));
        Assert.Contains("class d", error.Message);
    }

    [Fact]
    public void A_rule_model_is_evaluated_with_its_rule_given_again()
    {
        PneumoniaClasses rule = PneumoniaClasses.FromRule(["even", "odd"],
            path => path.Contains("NORMAL", StringComparison.Ordinal) ? null : path.Length % 2 == 0 ? "even" : "odd");
        using PneumoniaClassifier classifier = PneumoniaClassifier.Train(Fixtures.SampleTrain, Tiny(rule));

        Assert.Equal("a labelling rule", classifier.ClassesDescription);
        Assert.Throws<InvalidOperationException>(() => classifier.EvaluateClasses(Fixtures.SampleTest));
        Assert.Equal(10, classifier.EvaluateClasses(Fixtures.SampleTest, rule).Count);
    }

    private static void CopyInto(string root, string className, IEnumerable<string> files)
    {
        string folder = Path.Combine(root, className);
        Directory.CreateDirectory(folder);
        foreach (string file in files) File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
    }
}
