namespace Pneumonia.ML.Tests;

/// <summary>Reading classes from folders, from the file names' bacteria and virus, and from a rule; splits stratified by class.</summary>
public class ClassFolderTests
{
    [Fact]
    public void The_file_names_give_normal_bacterial_and_viral()
    {
        (IReadOnlyList<Data.ImageRecord> records, IReadOnlyList<string> classes) =
            ClassFolder.Read(Fixtures.SampleTrain, Data.ImageFolder.Split.Training, PneumoniaClasses.NormalBacterialViral);

        Assert.Equal(["BACTERIAL", "NORMAL", "VIRAL"], classes);
        Assert.All(records, r => Assert.Equal(r.Class != 1, r.Label));
        Assert.All(records.Where(r => r.Class == 0), r => Assert.Contains("_bacteria_", r.ImagePath));
        Assert.All(records.Where(r => r.Class == 2), r => Assert.Contains("_virus_", r.ImagePath));
        Assert.Equal(Fixtures.Images(Fixtures.SampleTrain, "NORMAL").Length, records.Count(r => r.Class == 1));
        Assert.True(records.Count(r => r.Class == 2) >= 4);
    }

    [Fact]
    public void Any_number_of_class_folders_are_classes_sorted_by_name()
    {
        string root = Fixtures.NewTempFolder();
        CopyInto(root, "zebra", Fixtures.Images(Fixtures.SampleTrain, "NORMAL").Take(3));
        CopyInto(root, "Apple", Fixtures.Images(Fixtures.SampleTrain, "PNEUMONIA").Take(2));
        CopyInto(root, "mango", Fixtures.Images(Fixtures.SampleTrain, "PNEUMONIA").Skip(2).Take(2));
        CopyInto(root, "NORMAL", Fixtures.Images(Fixtures.SampleTrain, "NORMAL").Skip(3).Take(2));

        (IReadOnlyList<Data.ImageRecord> records, IReadOnlyList<string> classes) =
            ClassFolder.Read(root, Data.ImageFolder.Split.Training, PneumoniaClasses.Folders);

        Assert.Equal(["Apple", "mango", "NORMAL", "zebra"], classes);
        Assert.Equal([2, 2, 2, 3], Enumerable.Range(0, 4).Select(c => records.Count(r => r.Class == c)));
        Assert.All(records, r => Assert.Equal(r.Class != 2, r.Label));
    }

    [Fact]
    public void A_rule_labels_images_and_may_leave_some_out()
    {
        PneumoniaClasses rule = PneumoniaClasses.FromRule(["young", "old"],
            path => Path.GetFileName(path).StartsWith("person1", StringComparison.Ordinal) ? "old" : path.Contains("NORMAL") ? null : "young");

        (IReadOnlyList<Data.ImageRecord> records, IReadOnlyList<string> classes) =
            ClassFolder.Read(Fixtures.SampleTrain, Data.ImageFolder.Split.Training, rule);

        Assert.Equal(["old", "young"], classes);
        Assert.DoesNotContain(records, r => r.ImagePath.Contains("NORMAL"));
        Assert.All(records, r => Assert.Equal(Path.GetFileName(r.ImagePath).StartsWith("person1", StringComparison.Ordinal) ? 0 : 1, r.Class));
    }

    [Fact]
    public void Bad_classes_are_refused_with_the_folder_or_the_file_named()
    {
        string root = Fixtures.NewTempFolder();
        CopyInto(root, "NORMAL", Fixtures.Images(Fixtures.SampleTrain, "NORMAL").Take(2));
        var one = Assert.Throws<InvalidDatasetException>(() => ClassFolder.Read(root, Data.ImageFolder.Split.Training, PneumoniaClasses.Folders));
        Assert.Contains("1 class", one.Message);

        string pneumonia = Path.Combine(root, "PNEUMONIA");
        Directory.CreateDirectory(pneumonia);
        File.Copy(Fixtures.Images(Fixtures.SampleTrain, "PNEUMONIA")[0], Path.Combine(pneumonia, "patient7.jpeg"));
        var unnamed = Assert.Throws<InvalidDatasetException>(() =>
            ClassFolder.Read(root, Data.ImageFolder.Split.Training, PneumoniaClasses.NormalBacterialViral));
        Assert.Contains("patient7.jpeg", unnamed.Message);

        var unknown = Assert.Throws<InvalidDatasetException>(() => ClassFolder.Read(root, Data.ImageFolder.Split.Training,
            PneumoniaClasses.FromRule(["a", "b"], _ => "c")));
        Assert.Contains("'c'", unknown.Message);
        Assert.Throws<ArgumentException>(() => PneumoniaClasses.FromRule(["a", "A"], _ => "a"));
        Assert.Throws<ArgumentException>(() => PneumoniaClasses.FromRule(["a"], _ => "a"));
    }

    [Fact]
    public void The_patient_split_keeps_every_class_on_both_sides()
    {
        (IReadOnlyList<Data.ImageRecord> records, _) =
            ClassFolder.Read(Fixtures.SampleTrain, Data.ImageFolder.Split.Training, PneumoniaClasses.NormalBacterialViral);

        (IReadOnlyList<Data.ImageRecord> train, IReadOnlyList<Data.ImageRecord> validation) = Data.PatientSplit.Split(records, 0.2, seed: 3);

        for (int c = 0; c < 3; c++)
        {
            Assert.Contains(train, r => r.Class == c);
            Assert.Contains(validation, r => r.Class == c);
        }
        Assert.Empty(train.Select(r => r.PatientId).Intersect(validation.Select(r => r.PatientId)));
        int[] folds = Data.PatientFolds.Assign(records, 3, seed: 1);
        for (int fold = 0; fold < 3; fold++)
            Assert.Equal(3, records.Where((_, i) => folds[i] == fold).Select(r => r.Class).Distinct().Count());
    }

    private static void CopyInto(string root, string className, IEnumerable<string> files)
    {
        string folder = Path.Combine(root, className);
        Directory.CreateDirectory(folder);
        foreach (string file in files) File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
    }
}
