namespace Pneumonia.Samples.Tests;

/// <summary>The committed real X-rays (copied next to the test assembly) and scratch folders.</summary>
internal static class SampleData
{
    /// <summary>Kaggle-style root: train/ and test/, each with NORMAL/ and PNEUMONIA/.</summary>
    public static string Root => Path.Combine(AppContext.BaseDirectory, "Fixtures", "chest-xray-sample");

    public static string Train => Path.Combine(Root, "train");

    public static string Test => Path.Combine(Root, "test");

    /// <summary>Every image of the sample (train and test), sorted.</summary>
    public static string[] AllImages() => Directory.GetFiles(Root, "*.jpeg", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();

    /// <summary>A new empty folder, deleted when the test process exits (see <see cref="Pneumonia.Testing.ScratchFolders"/>).</summary>
    public static string NewTempFolder() => Pneumonia.Testing.ScratchFolders.New();
}
