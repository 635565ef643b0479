using System.Globalization;
using System.Text;

namespace Pneumonia.Cli;

/// <summary>
/// <c>--shard i/n</c>: worker i of n (0 ≤ i &lt; n) takes the images whose path, as written in the score file, hashes to i
/// modulo n. The hash is 64-bit FNV-1a over the path's UTF-8 bytes: the same on every machine, run and .NET version
/// (unlike <see cref="string.GetHashCode()"/>, which .NET randomises per process), and independent of the other paths,
/// so a list that grows keeps every image in its shard.
/// </summary>
internal readonly record struct Shard(int Index, int Count)
{
    public static readonly Shard All = new(0, 1);

    public bool Contains(string path) => Count == 1 || (int)(Fnv1a(path) % (ulong)Count) == Index;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");

    /// <summary>Parses "i/n"; null and a message when it is not one.</summary>
    public static Shard? Parse(string text, out string? error)
    {
        error = null;
        string[] parts = text.Split('/');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int index)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int count)
            && count >= 1 && index < count)
            return new Shard(index, count);
        error = $"--shard takes i/n with 0 <= i < n (e.g. 0/4, or \"$JOB_COMPLETION_INDEX/4\"); got '{text}'.";
        return null;
    }

    /// <summary>64-bit FNV-1a of the UTF-8 bytes of <paramref name="path"/>.</summary>
    public static ulong Fnv1a(string path)
    {
        ulong hash = 14695981039346656037UL;
        foreach (byte b in Encoding.UTF8.GetBytes(path))
        {
            hash ^= b;
            hash *= 1099511628211UL;
        }
        return hash;
    }
}
