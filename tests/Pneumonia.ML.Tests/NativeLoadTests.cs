using System.Diagnostics;
using TorchSharp;

namespace Pneumonia.ML.Tests;

/// <summary>libLibTorchSharp.so loads on this machine, and the build step that makes it load changes nothing it needn't.</summary>
public class NativeLoadTests(NativeLoadTests.PatchedCopies patched) : IClassFixture<NativeLoadTests.PatchedCopies>
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
        Assert.Contains("Name: GLIBCXX_3.4.32  Flags: WEAK", ReadElfVersions(patched.ForOldLibStdCxx));
        byte[] original = File.ReadAllBytes(ShippedLibrary());
        byte[] patchedBytes = File.ReadAllBytes(patched.ForOldLibStdCxx);
        Assert.Equal(original.Length, patchedBytes.Length);
        Assert.Equal(1, original.Zip(patchedBytes).Count(pair => pair.First != pair.Second));
    }

    [Fact]
    public void The_patch_changes_nothing_when_libstdcxx_has_GLIBCXX_3_4_32()
    {
        if (!OperatingSystem.IsLinux()) return;
        Assert.Equal(File.ReadAllBytes(ShippedLibrary()), File.ReadAllBytes(patched.ForNewLibStdCxx));
    }

    /// <summary>
    /// Two copies of the shipped library, each patched by the package's build task against a libstdc++ that lacks or has
    /// GLIBCXX_3.4.32, in one msbuild run (its start-up and the inline task's compilation take seconds).
    /// </summary>
    public sealed class PatchedCopies
    {
        public PatchedCopies()
        {
            if (!OperatingSystem.IsLinux()) return;
            string folder = Fixtures.NewTempFolder();
            ForOldLibStdCxx = Copy(folder, "old", "GLIBCXX_3.4.29\0GLIBCXX_3.4.30\0", out string oldLibStdCxx);
            ForNewLibStdCxx = Copy(folder, "new", "GLIBCXX_3.4.30\0GLIBCXX_3.4.31\0GLIBCXX_3.4.32\0GLIBCXX_3.4.33\0", out string newLibStdCxx);
            RunPatchTask(folder, (ForOldLibStdCxx, oldLibStdCxx), (ForNewLibStdCxx, newLibStdCxx));
        }

        public string ForOldLibStdCxx { get; } = "";

        public string ForNewLibStdCxx { get; } = "";

        private static string Copy(string folder, string name, string libStdCxxVersions, out string libStdCxx)
        {
            Directory.CreateDirectory(Path.Combine(folder, name));
            libStdCxx = Path.Combine(folder, name, "libstdc++.so.6");
            File.WriteAllText(libStdCxx, libStdCxxVersions);
            string copy = Path.Combine(folder, name, "libLibTorchSharp.so");
            File.Copy(ShippedLibrary(), copy);
            return copy;
        }
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

    private static void RunPatchTask(string folder, params (string Library, string LibStdCxx)[] patches)
    {
        string targets = Path.Combine(AppContext.BaseDirectory, "buildTransitive", "Pneumonia.ML.targets");
        string project = Path.Combine(folder, "patch.proj");
        string tasks = string.Join(Environment.NewLine, patches.Select(p =>
            $"""    <WeakenGlibcxxRequirement Libraries="{p.Library}" LibStdCxxPath="{p.LibStdCxx}" />"""));
        File.WriteAllText(project, $"""
            <Project>
              <Import Project="{targets}" />
              <Target Name="Patch">
            {tasks}
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
