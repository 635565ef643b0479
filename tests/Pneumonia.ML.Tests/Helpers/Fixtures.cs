namespace Pneumonia.ML.Tests;

/// <summary>Paths to the committed real X-rays and scratch folders.</summary>
internal static class Fixtures
{
    /// <summary>Kaggle-style root with train/ and test/, each holding NORMAL/ and PNEUMONIA/.</summary>
    public static string SampleRoot => Path.Combine(AppContext.BaseDirectory, "Fixtures", "chest-xray-sample");

    public static string SampleTrain => Path.Combine(SampleRoot, "train");

    public static string SampleTest => Path.Combine(SampleRoot, "test");

    /// <summary>One X-ray in unusual encodings (CMYK, 16-bit, RGBA, EXIF-rotated, 1×1); see Fixtures/ATTRIBUTION.md.</summary>
    public static string OddImage(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "odd-images", name);

    public static string[] Images(string folder, string className) =>
        Directory.GetFiles(Path.Combine(folder, className)).Order(StringComparer.Ordinal).ToArray();

    /// <summary>A new empty folder, deleted when the test process exits (see <see cref="Pneumonia.Testing.ScratchFolders"/>).</summary>
    public static string NewTempFolder() => Pneumonia.Testing.ScratchFolders.New();
}
