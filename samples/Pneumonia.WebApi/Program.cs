// Pneumonia.WebApi: a minimal ASP.NET Core API around one Pneumonia.ML model.
//   POST /predict   an X-ray as multipart form file "image", or as the raw body → {"label","probability","threshold"}
//   GET  /health    200 "Healthy" once the model is loaded
// The model file comes from configuration: Pneumonia:ModelPath (appsettings.json, env Pneumonia__ModelPath, or
// --Pneumonia:ModelPath=FILE). Without a loadable model the app does not start.
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Pneumonia.ML;
using Pneumonia.WebApi;

WebApplicationBuilder builder = WebApplication.CreateBuilder(args);
builder.Services.Configure<PneumoniaApiOptions>(builder.Configuration.GetSection(PneumoniaApiOptions.Section));
builder.Services.AddSingleton(services => ModelLoader.Load(services.GetRequiredService<IOptions<PneumoniaApiOptions>>()));
// Kestrel's own body limit (default 30 MB) follows the image limit, plus room for multipart boundaries and headers.
builder.Services.AddOptions<KestrelServerOptions>().Configure<IOptions<PneumoniaApiOptions>>(
    (kestrel, api) => kestrel.Limits.MaxRequestBodySize = api.Value.MaxImageBytes + 64 * 1024);
builder.Services.AddHealthChecks();
builder.Services.AddProblemDetails();

WebApplication app = builder.Build();
app.MapPost("/predict", PredictEndpoint.Handle).DisableAntiforgery();
app.MapHealthChecks("/health");

try
{
    // Load the model before listening: a missing or bad model stops the app now, not at the first request.
    PneumoniaClassifier classifier = app.Services.GetRequiredService<PneumoniaClassifier>();
    app.Logger.LogInformation("Model loaded: {Architecture} at {ImageSize} px, threshold {Threshold}",
        classifier.Architecture, classifier.ImageSize, classifier.Threshold);
    app.Run();
    return 0;
}
catch (ModelStartupException e)
{
    Console.Error.WriteLine($"Pneumonia.WebApi cannot start: {e.Message}");
    return 1;
}

/// <summary>The application, visible to tests (WebApplicationFactory).</summary>
public partial class Program;
