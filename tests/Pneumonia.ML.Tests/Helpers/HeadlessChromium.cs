using System.Diagnostics;

namespace Pneumonia.ML.Tests;

/// <summary>Debian's chromium, run headless to take screenshots of local pages.</summary>
internal static class HeadlessChromium
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10); // a guard against a hang, not a speed check

    /// <summary>The chromium executable on PATH, or null when none is installed.</summary>
    public static string? Executable { get; } = Find();

    /// <summary>Opens a local file and saves a screenshot of the top width × height pixels of the page.</summary>
    public static void Screenshot(string htmlPath, string pngPath, int width, int height)
    {
        string profile = Fixtures.NewTempFolder();
        var start = new ProcessStartInfo(Executable ?? throw new InvalidOperationException("chromium is not installed."))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--hide-scrollbars", $"--user-data-dir={profile}",
            $"--screenshot={pngPath}", $"--window-size={width},{height}", new Uri(htmlPath).AbsoluteUri,
        })
            start.ArgumentList.Add(argument);

        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"chromium did not finish within {Timeout.TotalSeconds} s.");
        }
        Assert.True(process.ExitCode == 0 && File.Exists(pngPath),
            $"chromium exited with {process.ExitCode}: {stdout.Result}{stderr.Result}");
    }

    private static string? Find()
    {
        string[] folders = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return new[] { "chromium", "chromium-browser" }
            .SelectMany(name => folders.Select(folder => Path.Combine(folder, name)))
            .FirstOrDefault(File.Exists);
    }
}

/// <summary>A fact that is skipped, saying why, when chromium is not installed.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (HeadlessChromium.Executable is null)
            Skip = "chromium is not installed (apt-get install -y chromium); .ci/run installs it.";
    }
}
