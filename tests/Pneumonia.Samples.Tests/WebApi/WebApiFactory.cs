using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Pneumonia.WebApi;

namespace Pneumonia.Samples.Tests.WebApi;

/// <summary>
/// Runs samples/Pneumonia.WebApi in memory with the given settings (section "Pneumonia"), optionally in another
/// environment and with a <see cref="PredictionHook"/> (the seam tests use to hold or fail a prediction).
/// </summary>
internal sealed class WebApiFactory(IReadOnlyDictionary<string, string?> settings, string? environment = null, PredictionHook? hook = null)
    : WebApplicationFactory<Program>
{
    public static WebApiFactory WithModel(string modelPath, long maxImageBytes = 10 * 1024 * 1024) => new(Settings(modelPath, maxImageBytes));

    public static Dictionary<string, string?> Settings(string modelPath, long maxImageBytes = 10 * 1024 * 1024) => new()
    {
        ["Pneumonia:ModelPath"] = modelPath,
        ["Pneumonia:MaxImageBytes"] = maxImageBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(settings));
        if (environment is not null) builder.UseEnvironment(environment);
        if (hook is not null) builder.ConfigureServices(services => services.AddSingleton(hook));
    }
}
