using System.Text;

namespace Pneumonia.Cli;

/// <summary>
/// The CSV that <c>score</c> appends to, one complete record per image. Opened exclusively (a second worker on the same
/// file is refused). On opening an existing file it reads every complete record (a record ends with a line break outside
/// quotes), remembers their paths as done, and cuts off an incomplete last record — what a killed process leaves when it
/// dies inside a write — so the image of that record is scored again and written whole. Every later record is written
/// with one write and flushed after each batch.
/// </summary>
internal sealed class ScoreFile : IDisposable
{
    private readonly FileStream _stream;

    private ScoreFile(FileStream stream, HashSet<string> done, long tornBytes)
    {
        _stream = stream;
        Done = done;
        TornBytes = tornBytes;
    }

    /// <summary>Paths that already have a record.</summary>
    public HashSet<string> Done { get; }

    /// <summary>Length of the incomplete last record cut off when the file was opened (0 if none).</summary>
    public long TornBytes { get; }

    /// <summary>Opens (or creates, with its header) the score file and reads what is done.</summary>
    /// <exception cref="CliException">The file is another kind of file, in use by another worker, or not a score file.</exception>
    public static ScoreFile Open(string path)
    {
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null) Directory.CreateDirectory(folder);
        if (Directory.Exists(path)) throw Refused(path, "it is a folder.");
        FileStream stream;
        try
        {
            // FileShare.None takes an exclusive lock (flock on Unix): two workers never append to one file.
            stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1 << 16);
        }
        catch (IOException e)
        {
            throw Refused(path, $"it cannot be opened for writing ({e.Message.TrimEnd('.')}); is another worker writing it?");
        }
        try
        {
            if (!stream.CanSeek) throw Refused(path, "it is not a regular file.");
            (HashSet<string> done, long complete) = ReadComplete(stream, path);
            long torn = stream.Length - complete;
            stream.SetLength(complete);
            stream.Position = complete;
            var file = new ScoreFile(stream, done, torn);
            if (complete == 0) file.Append(ScoredImage.CsvHeader + "\n");
            return file;
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Appends complete records and hands them to the operating system (a killed process keeps them).</summary>
    public void Append(string records)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(records);
        _stream.Write(bytes);
        _stream.Flush();
    }

    public void Dispose() => _stream.Dispose();

    /// <summary>The paths of the complete records, and the length of the file up to the end of the last one.</summary>
    private static (HashSet<string> Done, long Complete) ReadComplete(FileStream stream, string path)
    {
        var done = new HashSet<string>(StringComparer.Ordinal);
        byte[] header = Encoding.UTF8.GetBytes(ScoredImage.CsvHeader + "\n");
        stream.Position = 0;
        byte[] buffer = new byte[1 << 20];
        var field = new List<byte>();
        bool quoted = false, headerSeen = false;
        int fieldIndex = 0, records = 0;
        long offset = 0, complete = 0;
        string? first = null;
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            for (int i = 0; i < read; i++, offset++)
            {
                byte b = buffer[i];
                if (b == '"') quoted = !quoted; // "" inside a quoted field toggles twice
                if (!headerSeen)
                {
                    if (offset >= header.Length || b != header[offset])
                        throw Refused(path, $"it is not a score file: its first line is not the header '{ScoredImage.CsvHeader}'.");
                    if (b == '\n')
                    {
                        headerSeen = true;
                        complete = offset + 1;
                    }
                    continue;
                }
                if (quoted || (b != ',' && b != '\n'))
                {
                    if (fieldIndex == 0) field.Add(b);
                    continue;
                }
                if (fieldIndex == 0) first = Unquote(field);
                fieldIndex++;
                if (b == ',') continue;
                records++;
                if (fieldIndex != ScoredImage.Columns.Length)
                    throw Refused(path, $"record {records:N0} has {fieldIndex} fields where a score file has {ScoredImage.Columns.Length}.");
                done.Add(first!);
                field.Clear();
                fieldIndex = 0;
                complete = offset + 1;
            }
        }
        return (done, complete);
    }

    private static string Unquote(List<byte> field)
    {
        string text = Encoding.UTF8.GetString(field.ToArray());
        return text.Length >= 2 && text[0] == '"' && text[^1] == '"'
            ? text[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal) : text;
    }

    private static CliException Refused(string path, string why) =>
        new(ExitCodes.OutputFailed, $"The score file '{path}' cannot be used: {why}");
}
