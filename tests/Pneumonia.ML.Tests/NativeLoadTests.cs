using System.Diagnostics;
using TorchSharp;

namespace Pneumonia.ML.Tests;

/// <summary>libLibTorchSharp.so loads on this machine, and the build step that makes it load changes nothing it needn't.</summary>
public class NativeLoadTests
{
    [Fact]
    public void A_TorchSharp_operation_runs()
    {
        using var a = torch.ones(2, 3);
        using var b = a * 2;
        using var sum = b.sum();
        Assert.Equal(12f, sum.item<float>());
    }

    [Fact]
    public void The_patch_weakens_GLIBCXX_3_4_32_when_libstdcxx_lacks_it()
    {
        if (!OperatingSystem.IsLinux()) return;
        string folder = Fixtures.NewTempFolder();
        string library = CopyOfShippedLibrary(folder);
        string oldLibStdCxx = Path.Combine(folder, "libstdc++-old.so.6");
        File.WriteAllText(oldLibStdCxx, "GLIBCXX_3.4.29\0GLIBCXX_3.4.30\0");

        RunPatchTask(folder, library, oldLibStdCxx);

        Assert.Contains("Name: GLIBCXX_3.4.32  Flags: WEAK", ReadElfVersions(library));
        byte[] original = File.ReadAllBytes(ShippedLibrary());
        byte[] patched = File.ReadAllBytes(library);
        Assert.Equal(original.Length, patched.Length);
        Assert.Equal(1, original.Zip(patched).Count(pair => pair.First != pair.Second));
    }

    [Fact]
    public void The_patch_changes_nothing_when_libstdcxx_has_GLIBCXX_3_4_32()
    {
        if (!OperatingSystem.IsLinux()) return;
        string folder = Fixtures.NewTempFolder();
        string library = CopyOfShippedLibrary(folder);
        string newLibStdCxx = Path.Combine(folder, "libstdc++-new.so.6");
        File.WriteAllText(newLibStdCxx, "GLIBCXX_3.4.30\0GLIBCXX_3.4.31\0GLIBCXX_3.4.32\0GLIBCXX_3.4.33\0");

        RunPatchTask(folder, library, newLibStdCxx);

        Assert.Equal(File.ReadAllBytes(ShippedLibrary()), File.ReadAllBytes(library));
    }

    private static string ShippedLibrary()
    {
        string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string path = Path.Combine(packages, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Assert.True(File.Exists(path), $"TorchSharp's unpatched library should be in the NuGet cache at {path}");
        Assert.DoesNotContain("Flags: WEAK", ReadElfVersions(path));
        return path;
    }

    private static string CopyOfShippedLibrary(string folder)
    {
        string copy = Path.Combine(folder, "libLibTorchSharp.so");
        File.Copy(ShippedLibrary(), copy);
        return copy;
    }

    private static void RunPatchTask(string folder, string library, string libStdCxx)
    {
        string targets = Path.Combine(AppContext.BaseDirectory, "buildTransitive", "Pneumonia.ML.targets");
        string project = Path.Combine(folder, "patch.proj");
        File.WriteAllText(project, $"""
            <Project>
              <Import Project="{targets}" />
              <Target Name="Patch">
                <WeakenGlibcxxRequirement Libraries="{library}" LibStdCxxPath="{libStdCxx}" />
              </Target>
            </Project>
            """);
        (int exitCode, string output) = Run("dotnet", $"msbuild \"{project}\" -t:Patch -nologo -v:n");
        Assert.True(exitCode == 0, output);
    }

    private static string ReadElfVersions(string path)
    {
        (int exitCode, string output) = Run("readelf", $"-V \"{path}\"");
        Assert.True(exitCode == 0, output);
        return output;
    }

    private static (int ExitCode, string Output) Run(string command, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(command, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr.Result);
    }
}
