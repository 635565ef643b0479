namespace Pneumonia.Cli;

/// <summary>
/// The images <see cref="Pneumonia.ML.PneumoniaClassifier.Evaluate"/> scores, with their true labels: NORMAL/ and
/// PNEUMONIA/ under the folder, or under its test/ folder for a Kaggle root (names in any letter case; .jpeg, .jpg,
/// .png). Used for the per-image CSV of <c>evaluate --report</c>.
/// </summary>
internal static class EvaluationImages
{
    private static readonly string[] Classes = ["NORMAL", "PNEUMONIA"];
    private static readonly HashSet<string> Extensions = new(StringComparer.OrdinalIgnoreCase) { ".jpeg", ".jpg", ".png" };

    public static IReadOnlyList<(string Path, string Label)> Find(string folder)
    {
        string root = Classes.Any(c => Child(folder, c) is not null) ? folder : Child(folder, "test") ?? folder;
        var images = new List<(string Path, string Label)>();
        foreach (string label in Classes)
        {
            if (Child(root, label) is not { } classFolder) continue;
            images.AddRange(Directory.EnumerateFiles(classFolder, "*", SearchOption.AllDirectories)
                .Where(f => Extensions.Contains(System.IO.Path.GetExtension(f)) && !System.IO.Path.GetFileName(f).StartsWith('.'))
                .Select(f => (f, label)));
        }
        images.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return images;
    }

    private static string? Child(string parent, string name) => Directory.EnumerateDirectories(parent)
        .FirstOrDefault(d => string.Equals(System.IO.Path.GetFileName(d), name, StringComparison.OrdinalIgnoreCase));
}
