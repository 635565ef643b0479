using Pneumonia.ML.Data;

namespace Pneumonia.ML.Tests;

public class ImageFolderTests
{
    [Fact]
    public void Reads_a_folder_of_class_folders()
    {
        IReadOnlyList<ImageRecord> records = ImageFolder.Read(Fixtures.SampleTrain, ImageFolder.Split.Training);

        Assert.Equal(60, records.Count);
        Assert.Equal(30, records.Count(r => r.Label));
        Assert.All(records, r => Assert.Equal(r.Label, r.ImagePath.Contains("PNEUMONIA", StringComparison.Ordinal)));
    }

    [Fact]
    public void Reads_a_Kaggle_root_train_for_training_and_test_for_evaluation()
    {
        Assert.Equal(60, ImageFolder.Read(Fixtures.SampleRoot, ImageFolder.Split.Training).Count);
        Assert.Equal(20, ImageFolder.Read(Fixtures.SampleRoot, ImageFolder.Split.Test).Count);
    }

    [Fact]
    public void Takes_any_letter_case_of_jpeg_jpg_png_and_ignores_other_files()
    {
        string root = Fixtures.NewTempFolder();
        string normal = Directory.CreateDirectory(Path.Combine(root, "normal")).FullName;
        string pneumonia = Directory.CreateDirectory(Path.Combine(root, "Pneumonia")).FullName;
        string image = Fixtures.Images(Fixtures.SampleTrain, "NORMAL")[0];
        File.Copy(image, Path.Combine(normal, "a.JPEG"));
        File.Copy(image, Path.Combine(normal, "b.Jpg"));
        File.Copy(image, Path.Combine(pneumonia, "c.PNG"));
        File.WriteAllText(Path.Combine(normal, ".DS_Store"), "junk");
        File.WriteAllText(Path.Combine(pneumonia, "notes.txt"), "junk");
        File.WriteAllText(Path.Combine(pneumonia, "._d.jpeg"), "macOS resource fork");

        IReadOnlyList<ImageRecord> records = ImageFolder.Read(root, ImageFolder.Split.Training);

        Assert.Equal(["a.JPEG", "b.Jpg", "c.PNG"], records.Select(r => Path.GetFileName(r.ImagePath)).Order());
        Assert.Equal([false, false, true], records.OrderBy(r => Path.GetFileName(r.ImagePath)).Select(r => r.Label));
    }

    [Fact]
    public void A_missing_class_is_a_clear_error()
    {
        string root = Fixtures.NewTempFolder();
        string normal = Directory.CreateDirectory(Path.Combine(root, "NORMAL")).FullName;
        File.Copy(Fixtures.Images(Fixtures.SampleTrain, "NORMAL")[0], Path.Combine(normal, "a.jpeg"));

        var error = Assert.Throws<InvalidDatasetException>(() => ImageFolder.Read(root, ImageFolder.Split.Training));
        Assert.Contains("no PNEUMONIA images", error.Message);
        Assert.Equal(root, error.Folder);
    }

    [Fact]
    public void An_empty_class_folder_is_a_clear_error()
    {
        string root = Fixtures.NewTempFolder();
        Directory.CreateDirectory(Path.Combine(root, "PNEUMONIA"));
        string normal = Directory.CreateDirectory(Path.Combine(root, "NORMAL")).FullName;
        File.Copy(Fixtures.Images(Fixtures.SampleTrain, "NORMAL")[0], Path.Combine(normal, "a.jpeg"));
        File.WriteAllText(Path.Combine(root, "PNEUMONIA", "readme.txt"), "no images here");

        var error = Assert.Throws<InvalidDatasetException>(() => ImageFolder.Read(root, ImageFolder.Split.Training));
        Assert.Contains("no PNEUMONIA images", error.Message);
    }

    [Fact]
    public void A_missing_folder_or_a_folder_without_classes_is_a_clear_error()
    {
        string missing = Path.Combine(Fixtures.NewTempFolder(), "nope");
        Assert.Contains("does not exist", Assert.Throws<InvalidDatasetException>(() => ImageFolder.Read(missing, ImageFolder.Split.Training)).Message);

        string unrelated = Fixtures.NewTempFolder();
        Directory.CreateDirectory(Path.Combine(unrelated, "cats"));
        Assert.Contains("NORMAL/", Assert.Throws<InvalidDatasetException>(() => ImageFolder.Read(unrelated, ImageFolder.Split.Training)).Message);
    }

    [Theory]
    [InlineData("person1000_bacteria_2931.jpeg", "person1000")]
    [InlineData("person1000_virus_1681.jpeg", "person1000")]
    [InlineData("IM-0115-0001.jpeg", "IM-0115")]
    [InlineData("NORMAL2-IM-0381-0001.jpeg", "NORMAL2-IM-0381")]
    [InlineData("/data/x/NORMAL2-IM-0381-0002.JPEG", "NORMAL2-IM-0381")]
    [InlineData("scan-from-elsewhere.png", "scan-from-elsewhere")]
    public void Reads_the_patient_from_the_file_name(string fileName, string patient) =>
        Assert.Equal(patient, PatientId.FromFileName(fileName));

    [Fact]
    public void The_validation_split_never_shares_a_patient_with_training()
    {
        var records = new List<ImageRecord>();
        for (int patient = 0; patient < 50; patient++)
            for (int image = 0; image < 1 + patient % 3; image++)
                records.Add(new ImageRecord { ImagePath = $"person{patient}_bacteria_{image}.jpeg", Label = patient % 2 == 0, PatientId = $"person{patient}" });

        var (train, validation) = PatientSplit.Split(records, 0.2, seed: 7);

        Assert.Equal(records.Count, train.Count + validation.Count);
        Assert.Empty(train.Select(r => r.PatientId).Intersect(validation.Select(r => r.PatientId)));
        Assert.Equal(10, validation.Select(r => r.PatientId).Distinct().Count());
        Assert.Contains(validation, r => r.Label);
        Assert.Contains(validation, r => !r.Label);
        Assert.Equal(validation.Select(r => r.ImagePath), PatientSplit.Split(records, 0.2, seed: 7).Validation.Select(r => r.ImagePath));
    }
}
