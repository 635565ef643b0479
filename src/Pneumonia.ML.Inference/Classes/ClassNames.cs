namespace Pneumonia.ML;

/// <summary>Class-name conventions every layer shares: sort order and the reference (negative) class.</summary>
internal static class ClassNames
{
    /// <summary>The binary model's classes, in index order (0 normal, 1 pneumonia).</summary>
    public static readonly IReadOnlyList<string> Binary = [Data.ImageFolder.NormalClass, Data.ImageFolder.PneumoniaClass];

    /// <summary>The names sorted ordinally ignoring letter case (ties broken ordinally, so the order is total).</summary>
    public static string[] Sort(IEnumerable<string> names) =>
        names.Order(StringComparer.OrdinalIgnoreCase).ThenBy(n => n, StringComparer.Ordinal).ToArray();

    /// <summary>
    /// The index of the class whose complement is "pneumonia": the one named NORMAL (letter case ignored), else the first.
    /// </summary>
    public static int Negative(IReadOnlyList<string> classes)
    {
        for (int i = 0; i < classes.Count; i++)
            if (string.Equals(classes[i], Data.ImageFolder.NormalClass, StringComparison.OrdinalIgnoreCase)) return i;
        return 0;
    }

    /// <summary>True for the binary model's class list.</summary>
    public static bool IsBinary(IReadOnlyList<string> classes) => classes.SequenceEqual(Binary, StringComparer.Ordinal);
}
