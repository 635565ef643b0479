using System.Diagnostics;

namespace Pneumonia.Testing;

/// <summary>
/// Scratch folders for tests, all under one folder per test process that is deleted when the process exits, so a run
/// leaves nothing in the temp folder (models and exports of a run add up to gigabytes). Folders left by a run that was
/// killed are deleted by the next run, once their process is gone.
/// </summary>
internal static class ScratchFolders
{
    private static readonly string Parent = Path.Combine(Path.GetTempPath(), "pneumonia-tests");

    private static readonly Lazy<string> RunFolder = new(CreateRunFolder);

    /// <summary>A new empty folder, deleted with the rest of this run's folders when the process exits.</summary>
    public static string New()
    {
        string folder = Path.Combine(RunFolder.Value, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }

    private static string CreateRunFolder()
    {
        DeleteFoldersOfEndedRuns();
        string folder = Path.Combine(Parent, $"{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => TryDelete(folder);
        return folder;
    }

    private static void DeleteFoldersOfEndedRuns()
    {
        if (!Directory.Exists(Parent))
        {
            return;
        }

        foreach (string folder in Directory.GetDirectories(Parent))
        {
            string name = Path.GetFileName(folder);
            int dash = name.IndexOf('-');
            if (dash > 0 && int.TryParse(name.AsSpan(0, dash), out int processId) && !IsRunning(processId))
            {
                TryDelete(folder);
            }
        }
    }

    private static bool IsRunning(int processId)
    {
        try
        {
            using Process process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
