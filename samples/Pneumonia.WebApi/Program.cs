// Pneumonia.WebApi: a minimal ASP.NET Core API around one Pneumonia.ML model, on the inference-only package
// Pneumonia.ML.Inference (ONNX Runtime; no libtorch, no ML.NET).
//   POST /predict   an X-ray as multipart form file "image", or as the raw body → {"label","probability","threshold"}
//                   (and "class", "classProbabilities" for a multi-class model)
//   GET  /health    200 "Healthy" once the model is loaded (outside the prediction limiter)
// The inference model file (.pnmi; `pneumonia export-inference` writes one from a trained model) comes from
// configuration: Pneumonia:ModelPath (appsettings.json, env Pneumonia__ModelPath, or --Pneumonia:ModelPath=FILE); empty,
// the model shipped in Pneumonia.ML.Inference is served. The startup log says which. With a model file that cannot be
// loaded (a full .model file gets the command that converts it), or a setting out of range, the app does not start: it exits with one line and the
// samples' exit code (1 a setting, 3 the model file; docs/cli.md, "Exit codes"). Every error answer is RFC 7807 problem
// details without exception details, in every environment; see docs/web-api.md.
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Pneumonia.ML;
using Pneumonia.Samples;
using Pneumonia.WebApi;

WebApplicationBuilder builder = WebApplication.CreateBuilder(args);
builder.Services.Configure<PneumoniaApiOptions>(builder.Configuration.GetSection(PneumoniaApiOptions.Section));
builder.Services.AddSingleton(services => ModelLoader.Load(services.GetRequiredService<IOptions<PneumoniaApiOptions>>()));
builder.Services.AddOptions<KestrelServerOptions>().Configure<IOptions<PneumoniaApiOptions>>((kestrel, api) =>
{
    // Kestrel's own body limit (default 30 MB) follows the image limit, plus room for multipart boundaries and headers.
    kestrel.Limits.MaxRequestBodySize = api.Value.MaxImageBytes + 64 * 1024;
    kestrel.AddServerHeader = false;
});
builder.Services.AddHealthChecks();
// Problem details carry status, title, detail and the trace id; never the exception (not even in Development).
builder.Services.AddProblemDetails(problems => problems.CustomizeProblemDetails = context => context.ProblemDetails.Extensions.Remove("exception"));
builder.Services.AddRateLimiter(limiter =>
{
    limiter.RejectionStatusCode = StatusCodes.Status503ServiceUnavailable;
    limiter.OnRejected = (context, _) =>
    {
        int seconds = context.HttpContext.RequestServices.GetRequiredService<IOptions<PneumoniaApiOptions>>().Value.RetryAfterSeconds;
        context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return new ValueTask(Results.Problem(title: "The server is busy.",
            detail: $"Every prediction slot and queue place is taken; retry after {seconds} s.",
            statusCode: StatusCodes.Status503ServiceUnavailable).ExecuteAsync(context.HttpContext));
    };
});
builder.Services.AddOptions<RateLimiterOptions>().Configure<IOptions<PneumoniaApiOptions>>((limiter, api) =>
    limiter.AddConcurrencyLimiter(PredictEndpoint.RateLimiterPolicy, slots =>
    {
        slots.PermitLimit = api.Value.MaxConcurrentPredictions;
        slots.QueueLimit = api.Value.PredictionQueueLength;
        slots.QueueProcessingOrder = QueueProcessingOrder.OldestFirst;
    }));

WebApplication app = builder.Build();
app.Use((context, next) =>
{
    // Set when the headers go out, so that answers the exception handler rewrites carry them too.
    context.Response.OnStarting(() =>
    {
        context.Response.Headers.XContentTypeOptions = "nosniff";
        return Task.CompletedTask;
    });
    return next(context);
});
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseRateLimiter();
app.MapPost("/predict", PredictEndpoint.Handle).DisableAntiforgery().RequireRateLimiting(PredictEndpoint.RateLimiterPolicy);
app.MapHealthChecks("/health");

try
{
    // Check the settings and load the model before listening: a bad setting or model stops the app now, not at the first request.
    app.Services.GetRequiredService<IOptions<PneumoniaApiOptions>>().Value.Validate();
    PneumoniaPredictor predictor = app.Services.GetRequiredService<PneumoniaPredictor>();
    app.Logger.LogInformation("Serving {Model}: {Architecture} at {ImageSize} px, {Precision} weights, classes {Classes}, threshold {Threshold}",
        ModelLoader.Describe(app.Services.GetRequiredService<IOptions<PneumoniaApiOptions>>()), predictor.Architecture, predictor.ImageSize,
        predictor.WeightPrecision, string.Join(", ", predictor.Classes), predictor.Threshold);
    app.Run();
    return ExitCodes.Success;
}
catch (Exception e)
{
    // Any failure before or while starting (a setting, the model, the native runtime, a port in use) is one line and an
    // exit code of the samples' table, never an unhandled exception (which would abort the process with 134).
    Console.Error.WriteLine($"Pneumonia.WebApi cannot start: {OneLine(e is StartupException ? e.Message : $"{e.GetType().Name}: {e.Message}")}");
    return e switch
    {
        StartupException { InnerException: InvalidModelFileException } => ExitCodes.InvalidModel,
        StartupException => ExitCodes.UsageError,
        _ => ExitCodes.InternalError,
    };
}

static string OneLine(string message) => message.ReplaceLineEndings(" ");

/// <summary>The application, visible to tests (WebApplicationFactory).</summary>
public partial class Program;
