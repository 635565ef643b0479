using System.Diagnostics;

namespace Pneumonia.Samples.Tests.WebApi;

/// <summary>samples/Pneumonia.WebApi as a real process on a free loopback port (Kestrel, not the in-memory test server).</summary>
internal sealed class RunningWebApi : IDisposable
{
    private readonly Process _process;

    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _log;

    private RunningWebApi(Process process, Uri address, System.Collections.Concurrent.ConcurrentQueue<string> log)
    {
        _process = process;
        Address = address;
        _log = log;
    }

    public Uri Address { get; }

    /// <summary>The lines the app has written so far (stdout and stderr).</summary>
    public IReadOnlyList<string> Log => _log.ToArray();

    public static RunningWebApi Start(string modelPath, long maxImageBytes)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(SampleApp.WebApi)!,
        };
        foreach (string argument in new[] { SampleApp.WebApi, "--urls", "http://127.0.0.1:0",
                     $"--Pneumonia:ModelPath={modelPath}", $"--Pneumonia:MaxImageBytes={maxImageBytes}" })
            start.ArgumentList.Add(argument);
        Process process = Process.Start(start)!;
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            log.Enqueue(e.Data);
            const string Marker = "Now listening on: ";
            int at = e.Data.IndexOf(Marker, StringComparison.Ordinal);
            if (at >= 0) listening.TrySetResult(new Uri(e.Data[(at + Marker.Length)..].Trim()));
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) log.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!listening.Task.Wait(TimeSpan.FromMinutes(10))) // a guard against a hang, not a speed check
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            Assert.Fail("The web API did not start listening within 10 minutes:\n" + string.Join('\n', log));
        }
        return new RunningWebApi(process, listening.Task.Result, log);
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
        _process.Dispose();
    }
}
