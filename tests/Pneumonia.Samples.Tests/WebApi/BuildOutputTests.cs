using System.Text.Json;

namespace Pneumonia.Samples.Tests.WebApi;

/// <summary>
/// The web API runs on Pneumonia.ML.Inference alone: its build output (what a container copies) holds no libtorch,
/// no TorchSharp and no ML.NET, by its dependency manifest and by its files.
/// </summary>
public sealed class BuildOutputTests
{
    /// <summary>Package and assembly names the full package brings and the inference package must not.</summary>
    private static bool IsFullPackageOnly(string name) =>
        name.StartsWith("TorchSharp", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("libtorch", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("libLibTorchSharp", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("Pneumonia.ML/", StringComparison.Ordinal) || name == "Pneumonia.ML.dll"
        || (name.StartsWith("Microsoft.ML", StringComparison.OrdinalIgnoreCase)
            && !name.StartsWith("Microsoft.ML.OnnxRuntime", StringComparison.OrdinalIgnoreCase));

    [Fact]
    public void The_web_api_depends_on_the_inference_package_and_nothing_of_libtorch_TorchSharp_or_MLNet()
    {
        string folder = Path.GetDirectoryName(SampleApp.WebApi)!;
        using JsonDocument deps = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "Pneumonia.WebApi.deps.json")));
        string[] libraries = deps.RootElement.GetProperty("libraries").EnumerateObject().Select(l => l.Name).ToArray();

        Assert.Contains(libraries, name => name.StartsWith("Pneumonia.ML.Inference/", StringComparison.Ordinal));
        Assert.Contains(libraries, name => name.StartsWith("Microsoft.ML.OnnxRuntime/", StringComparison.Ordinal));
        Assert.DoesNotContain(libraries, IsFullPackageOnly);
        string[] files = Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Select(Path.GetFileName).ToArray()!;
        Assert.Contains("Pneumonia.ML.Inference.dll", files);
        Assert.DoesNotContain(files, IsFullPackageOnly);
    }
}
