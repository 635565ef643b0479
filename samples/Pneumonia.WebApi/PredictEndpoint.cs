using Microsoft.Extensions.Options;
using Pneumonia.ML;

namespace Pneumonia.WebApi;

/// <summary>
/// POST /predict: an X-ray in, its label and probability of pneumonia out; 400 with a reason for a bad upload. An image
/// the input check finds unlike a chest X-ray is still answered with 200, flagged by <c>unusualImage</c> and
/// <c>unusualReason</c>, so that the caller decides.
/// </summary>
internal static class PredictEndpoint
{
    public static async Task<IResult> Handle(HttpRequest request, PneumoniaClassifier classifier,
        IOptions<PneumoniaApiOptions> options, CancellationToken cancellationToken)
    {
        ImageUpload.Result upload = await ImageUpload.ReadAsync(request, options.Value.MaxImageBytes, cancellationToken);
        if (upload.Bytes is null) return BadUpload(upload.Error!);
        try
        {
            PneumoniaPrediction prediction = classifier.Predict(upload.Bytes);
            return Results.Ok(new PredictionResponse(prediction.Label, prediction.Probability, prediction.Threshold,
                prediction.IsUnusualImage, prediction.InputCheck.Reason));
        }
        catch (InvalidImageException e)
        {
            return BadUpload($"the upload is not a readable JPEG or PNG image: {e.Reason}");
        }
    }

    private static IResult BadUpload(string reason) =>
        Results.Problem(title: "The image was refused.", detail: reason, statusCode: StatusCodes.Status400BadRequest);
}
