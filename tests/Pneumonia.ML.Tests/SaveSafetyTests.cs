using System.Diagnostics;
using Pneumonia.ML.Persistence;

namespace Pneumonia.ML.Tests;

/// <summary>Saving never destroys the model already at the target, and a file of one architecture cannot pose as another.</summary>
[Collection(TrainedClassifierCollection.Name)]
public class SaveSafetyTests(TrainedClassifierFixture trained)
{
    [Fact]
    public void A_full_disk_mid_save_leaves_the_existing_model_intact()
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root") return; // needs to mount a tiny tmpfs
        string saved = Path.Combine(Fixtures.NewTempFolder(), "model.pnm");
        trained.Classifier.Save(saved);
        long size = new FileInfo(saved).Length;

        string disk = Fixtures.NewTempFolder();
        Assert.Equal(0, Run("mount", $"-t tmpfs -o size={size + size / 2} tmpfs \"{disk}\""));
        try
        {
            string target = Path.Combine(disk, "model.pnm");
            File.Copy(saved, target);

            Assert.ThrowsAny<IOException>(() => trained.Classifier.Save(target));

            Assert.Equal(File.ReadAllBytes(saved), File.ReadAllBytes(target));
            Assert.Equal([target], Directory.GetFiles(disk));
            using PneumoniaClassifier loaded = PneumoniaClassifier.Load(target);
        }
        finally
        {
            Run("umount", $"\"{disk}\"");
        }
    }

    [Fact]
    public void Weights_of_another_architecture_are_refused()
    {
        string path = Path.Combine(Fixtures.NewTempFolder(), "model.pnm");
        trained.Classifier.Save(path);
        (ModelMetadata metadata, byte[] weights) = ModelFile.Read(path);
        ModelFile.Write(path, metadata with { Architecture = PneumoniaArchitecture.CompactCnn }, weights);

        var error = Assert.Throws<InvalidModelFileException>(() => PneumoniaClassifier.Load(path));
        Assert.Contains("do not fit a CompactCnn network", error.Message);
    }

    private static int Run(string command, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(command, arguments) { RedirectStandardError = true })!;
        process.WaitForExit();
        return process.ExitCode;
    }
}
