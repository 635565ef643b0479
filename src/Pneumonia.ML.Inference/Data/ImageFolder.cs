namespace Pneumonia.ML.Data;

/// <summary>
/// Turns a folder of X-rays labelled by folder name into records. Accepts a folder holding <c>NORMAL/</c> and
/// <c>PNEUMONIA/</c> (letter case ignored), or the Kaggle root holding <c>train/</c>, <c>val/</c> and <c>test/</c>.
/// </summary>
internal static class ImageFolder
{
    public const string NormalClass = "NORMAL";
    public const string PneumoniaClass = "PNEUMONIA";

    private static readonly HashSet<string> ImageExtensions = new(StringComparer.OrdinalIgnoreCase) { ".jpeg", ".jpg", ".png" };

    /// <summary>Which part of a Kaggle root to read.</summary>
    public enum Split
    {
        /// <summary><c>train/</c> and <c>val/</c>: everything a model may learn from.</summary>
        Training,

        /// <summary><c>test/</c>: the held-out images.</summary>
        Test,
    }

    /// <summary>Lists the labelled images under <paramref name="folder"/>, sorted by path for reproducibility.</summary>
    /// <exception cref="InvalidDatasetException">The folder is missing, or a class has no images.</exception>
    public static IReadOnlyList<ImageRecord> Read(string folder, Split split)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        string root = Path.GetFullPath(folder);
        if (!Directory.Exists(root))
            throw new InvalidDatasetException(root, "the folder does not exist.");

        List<string> classRoots = FindClassRoots(root, split);
        var records = new List<ImageRecord>();
        foreach (string classRoot in classRoots)
        {
            records.AddRange(ReadClass(classRoot, NormalClass, label: false));
            records.AddRange(ReadClass(classRoot, PneumoniaClass, label: true));
        }

        foreach ((string name, bool label) in new[] { (NormalClass, false), (PneumoniaClass, true) })
        {
            if (!records.Any(r => r.Label == label))
                throw new InvalidDatasetException(root, $"no {name} images (.jpeg, .jpg or .png) were found in a '{name}' folder under it.");
        }

        records.Sort((a, b) => string.CompareOrdinal(a.ImagePath, b.ImagePath));
        return records;
    }

    private static List<string> FindClassRoots(string root, Split split)
    {
        if (FindChild(root, NormalClass) is not null || FindChild(root, PneumoniaClass) is not null)
            return [root];

        string[] parts = split == Split.Training ? ["train", "val"] : ["test"];
        List<string> found = parts.Select(p => FindChild(root, p)).OfType<string>().ToList();
        if (found.Count == 0)
        {
            string expected = split == Split.Training ? "train/ (and optionally val/)" : "test/";
            throw new InvalidDatasetException(root,
                $"it holds neither {NormalClass}/ and {PneumoniaClass}/ class folders nor a Kaggle layout with {expected}.");
        }
        return found;
    }

    private static IEnumerable<ImageRecord> ReadClass(string classRoot, string className, bool label)
    {
        string? folder = FindChild(classRoot, className);
        if (folder is null) return [];
        return Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(IsImageFile)
            .Select(file => new ImageRecord { ImagePath = file, Label = label, PatientId = PatientId.FromFileName(file) });
    }

    /// <summary>Whether a file is read as an image: .jpeg, .jpg or .png in any letter case, not hidden.</summary>
    public static bool IsImageFile(string file) =>
        ImageExtensions.Contains(Path.GetExtension(file)) && !Path.GetFileName(file).StartsWith('.');

    private static string? FindChild(string parent, string name) =>
        Directory.EnumerateDirectories(parent)
            .FirstOrDefault(d => string.Equals(Path.GetFileName(d), name, StringComparison.OrdinalIgnoreCase));
}
