using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;

namespace Pneumonia.Samples.Tests.WebApi;

/// <summary>Runs samples/Pneumonia.WebApi in memory with the given settings (section "Pneumonia").</summary>
internal sealed class WebApiFactory(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<Program>
{
    public static WebApiFactory WithModel(string modelPath, long maxImageBytes = 10 * 1024 * 1024) => new(new Dictionary<string, string?>
    {
        ["Pneumonia:ModelPath"] = modelPath,
        ["Pneumonia:MaxImageBytes"] = maxImageBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    protected override void ConfigureWebHost(IWebHostBuilder builder) =>
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(settings));
}
