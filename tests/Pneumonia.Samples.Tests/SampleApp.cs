using System.Diagnostics;

namespace Pneumonia.Samples.Tests;

/// <summary>Runs a sample app (built by this project's references) as its own process, output redirected.</summary>
public static class SampleApp
{
    public sealed record Result(int ExitCode, string Output, string Error);

    /// <summary>samples/Pneumonia.Cli's pneumonia.dll, from the build of the same configuration as these tests.</summary>
    internal static string Cli => Assembly("Pneumonia.Cli", "pneumonia.dll");

    /// <summary>samples/Pneumonia.WebApi's Pneumonia.WebApi.dll, from the build of the same configuration as these tests.</summary>
    internal static string WebApi => Assembly("Pneumonia.WebApi", "Pneumonia.WebApi.dll");

    /// <summary>samples/Pneumonia.Report's Pneumonia.Report.dll, from the build of the same configuration as these tests.</summary>
    internal static string Report => Assembly("Pneumonia.Report", "Pneumonia.Report.dll");

    /// <summary>samples/Pneumonia.MLNet's Pneumonia.MLNet.dll, from the build of the same configuration as these tests.</summary>
    internal static string MLNet => Assembly("Pneumonia.MLNet", "Pneumonia.MLNet.dll");

    internal static Result Run(string assembly, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
        };
        start.Environment.Remove("Pneumonia__ModelPath");
        start.ArgumentList.Add(assembly);
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        using Process process = Process.Start(start)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10))) // a guard against a hang, not a speed check
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{Path.GetFileName(assembly)} {string.Join(' ', arguments)} did not finish within 10 minutes.");
        }
        process.WaitForExit();
        return new Result(process.ExitCode, output.Result, error.Result);
    }

    private static string Assembly(string project, string fileName)
    {
        // These tests run from tests/Pneumonia.Samples.Tests/bin/<Configuration>/<TargetFramework>/.
        var testOutput = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory));
        string framework = testOutput.Name, configuration = testOutput.Parent!.Name;
        DirectoryInfo root = testOutput;
        while (!File.Exists(Path.Combine(root.FullName, "Pneumonia.ML.sln"))) root = root.Parent ?? throw new InvalidOperationException("Pneumonia.ML.sln not found above " + testOutput);
        string path = Path.Combine(root.FullName, "samples", project, "bin", configuration, framework, fileName);
        Assert.True(File.Exists(path), $"{path} should have been built with the tests (project reference).");
        return path;
    }
}
