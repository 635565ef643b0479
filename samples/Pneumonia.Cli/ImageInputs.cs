using System.Text;

namespace Pneumonia.Cli;

/// <summary>
/// The images a command is given: files as named, folders expanded to the JPEG and PNG files below them (sorted,
/// ordinal), and list files read one path per line.
/// </summary>
internal static class ImageInputs
{
    /// <summary>The longest line a list file may have; a longer one means the file is not a list of paths (a device, a binary file).</summary>
    public const int MaxListLineLength = 4096;

    private static readonly string[] Extensions = [".jpeg", ".jpg", ".png"];

    /// <summary>Each argument that is a folder becomes its images (subfolders included, sorted); other arguments stay as given.</summary>
    public static List<string> Expand(IEnumerable<string> arguments)
    {
        var images = new List<string>();
        foreach (string argument in arguments)
            if (Directory.Exists(argument)) images.AddRange(Folder(argument));
            else images.Add(argument);
        return images;
    }

    /// <summary>The JPEG and PNG files (extensions in any letter case) in a folder and its subfolders, sorted by path (ordinal).</summary>
    /// <exception cref="CliException">The folder or one of its subfolders cannot be read; the message names it.</exception>
    public static List<string> Folder(string folder)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = false, MatchCasing = MatchCasing.CaseInsensitive };
        try
        {
            return Directory.EnumerateFiles(folder, "*", options)
                .Where(path => Extensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal)
                .ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.InvalidData, $"The folder '{folder}' cannot be read: {e.Message}");
        }
    }

    /// <summary>
    /// A folder's images, or a list file's paths (one a line; blank lines and lines starting with # skipped; a relative
    /// path is relative to the list file's folder, and written as the list has it), duplicates dropped (the first kept).
    /// </summary>
    /// <exception cref="CliException">The input is missing, unreadable or not a list of paths; the message names it (and the line).</exception>
    public static List<string> FolderOrList(string input)
    {
        IEnumerable<string> paths = Directory.Exists(input) ? Folder(input) : ReadList(input);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return paths.Where(seen.Add).ToList();
    }

    private static IEnumerable<string> ReadList(string listFile)
    {
        if (!File.Exists(listFile))
            throw new CliException(ExitCodes.InvalidData, $"'{listFile}' is neither a folder of images nor a list file (one image path a line): it does not exist.");
        string baseFolder = Path.GetDirectoryName(Path.GetFullPath(listFile))!;
        var paths = new List<string>();
        // A pipe (find … | pneumonia score /dev/stdin) is read as it comes; a device or a binary file fails at its first overlong or NUL line.
        using var reader = new StreamReader(listFile, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true);
        var line = new StringBuilder();
        int number = 0;
        while (true)
        {
            line.Clear();
            int c;
            while ((c = Read(reader, listFile, number + 1)) >= 0 && c != '\n')
            {
                if (c == '\0' || line.Length >= MaxListLineLength)
                    throw NotAList(listFile, number + 1, c == '\0' ? "it holds a NUL character" : $"it is longer than {MaxListLineLength:N0} characters");
                line.Append((char)c);
            }
            if (c < 0 && line.Length == 0) break;
            number++;
            string path = line.ToString().TrimEnd('\r').Trim();
            if (path.Length > 0 && !path.StartsWith('#')) paths.Add(Path.IsPathRooted(path) ? path : Path.Combine(baseFolder, path));
            if (c < 0) break;
        }
        return paths;
    }

    private static int Read(StreamReader reader, string listFile, int line)
    {
        try
        {
            return reader.Read();
        }
        catch (DecoderFallbackException)
        {
            throw NotAList(listFile, line, "it is not UTF-8 text");
        }
    }

    private static CliException NotAList(string listFile, int line, string why) =>
        new(ExitCodes.InvalidData, $"'{listFile}' is not a list of image paths: line {line:N0}: {why}.");
}
