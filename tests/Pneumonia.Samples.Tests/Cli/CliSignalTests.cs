using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Pneumonia.Samples.Tests.Cli;

/// <summary>The CLI honours SIGTERM and SIGINT while it works: it exits with 143 or 130, never hangs.</summary>
public sealed class CliSignalTests
{
    private const int SigInt = 2, SigTerm = 15;

    [Theory]
    [InlineData(SigTerm, 143)]
    [InlineData(SigInt, 130)]
    public async Task A_signal_during_training_ends_the_process_with_its_exit_code(int signal, int exitCode)
    {
        string output = Path.Combine(SampleData.NewTempFolder(), "signalled.model");
        // A job started in the background (a CI script run with '&', nohup) inherits SIGINT ignored, and a process keeps an
        // ignored SIGINT as the shell convention wants; env resets both signals so the CLI is tested as a terminal runs it.
        var start = new ProcessStartInfo("env")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(SampleApp.Cli)!,
        };
        foreach (string argument in new[] { "--default-signal=INT,TERM", "dotnet", SampleApp.Cli, "train", "--data", SampleData.Train, "--output", output,
                     "--architecture", "CompactCnn", "--image-size", "64", "--epochs", "1000", "--batch-size", "8" })
            start.ArgumentList.Add(argument);
        using Process process = Process.Start(start)!;
        var training = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) => { if (e.Data?.StartsWith("Training ", StringComparison.Ordinal) == true) training.TrySetResult(); };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        // Guards against a hang, not speed checks.
        await training.Task.WaitAsync(TimeSpan.FromMinutes(10));

        Assert.Equal(0, kill(process.Id, signal));

        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        try
        {
            await process.WaitForExitAsync(guard.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("the CLI did not exit after the signal");
        }
        Assert.Equal(exitCode, process.ExitCode);
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}
