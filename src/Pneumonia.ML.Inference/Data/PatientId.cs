using System.Text.RegularExpressions;

namespace Pneumonia.ML.Data;

/// <summary>Reads the patient identifier out of a Kermany et al. file name (person1000_bacteria_2931 → person1000, IM-0115-0001 → IM-0115, NORMAL2-IM-0381-0001 → NORMAL2-IM-0381).</summary>
internal static partial class PatientId
{
    /// <summary>
    /// <c>person1000_bacteria_2931</c> → <c>person1000</c>; <c>IM-0115-0001</c> → <c>IM-0115</c>;
    /// <c>NORMAL2-IM-0381-0001</c> → <c>NORMAL2-IM-0381</c>. Any other name is its own patient.
    /// </summary>
    public static string FromFileName(string path)
    {
        string name = Path.GetFileNameWithoutExtension(path);
        Match person = PersonPattern().Match(name);
        if (person.Success) return person.Groups[1].Value;
        Match series = SeriesPattern().Match(name);
        if (series.Success) return series.Groups[1].Value;
        return name;
    }

    [GeneratedRegex(@"^(person\d+)_", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PersonPattern();

    [GeneratedRegex(@"^((?:NORMAL\d*-)?IM-\d+)-\d+$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SeriesPattern();
}
