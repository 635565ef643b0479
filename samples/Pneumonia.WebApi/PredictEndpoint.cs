using Microsoft.Extensions.Options;
using Pneumonia.ML;

namespace Pneumonia.WebApi;

/// <summary>
/// POST /predict: an X-ray in, its label and probability of pneumonia out; 400 (or 415) with a reason for a bad upload,
/// 503 while the app shuts down. Runs under the "predict" concurrency limiter (Program.cs). An image the input check finds
/// unlike a chest X-ray is still answered with 200, flagged by <c>unusualImage</c> and <c>unusualReason</c>, so that the caller decides.
/// </summary>
internal static class PredictEndpoint
{
    public const string RateLimiterPolicy = "predict";

    public static async Task<IResult> Handle(HttpRequest request, PneumoniaPredictor predictor,
        IOptions<PneumoniaApiOptions> options, CancellationToken cancellationToken)
    {
        if (request.HttpContext.RequestServices.GetService<PredictionHook>() is { } hook) await hook.BeforePredict(cancellationToken);
        ImageUpload.Result upload = await ImageUpload.ReadAsync(request, options.Value.MaxImageBytes, cancellationToken);
        if (upload.Bytes is null) return Problems.Refused(upload.Error!, upload.StatusCode);
        try
        {
            PneumoniaPrediction prediction = predictor.Predict(upload.Bytes);
            return Results.Ok(new PredictionResponse(prediction.Label, prediction.Probability, prediction.Threshold,
                prediction.IsUnusualImage, prediction.InputCheck.Reason,
                predictor.IsMulticlass ? prediction.ClassLabel : null,
                predictor.IsMulticlass ? prediction.Classes.Select((name, i) => (name, i)).ToDictionary(c => c.name, c => prediction.ClassProbabilities[c.i]) : null));
        }
        catch (InvalidImageException e)
        {
            return Problems.Refused($"the upload is not a readable JPEG or PNG image: {e.Reason}");
        }
        catch (ObjectDisposedException)
        {
            return Problems.ShuttingDown();
        }
    }
}
