using System.Net;
using System.Net.Http.Json;

namespace Pneumonia.Samples.Tests.WebApi;

/// <summary>The API as it runs in production: its own process, Kestrel on 127.0.0.1, real HTTP.</summary>
[Collection(TrainedModelCollection.Name)]
public sealed class KestrelTests(TrainedModelFixture model)
{
    private const long Limit = 50_000;

    [Fact]
    public async Task Over_real_HTTP_an_xray_gets_its_prediction_oversized_bodies_get_400_and_no_Server_header_is_sent()
    {
        using RunningWebApi api = RunningWebApi.Start(model.ModelPath, Limit);
        using var client = new HttpClient { BaseAddress = api.Address };
        // As a well-behaved client of a size-limited upload does (curl too, for large bodies): wait for 100 Continue,
        // so a body the server refuses unread is never sent and the 400 arrives instead of a closed connection.
        client.DefaultRequestHeaders.ExpectContinue = true;
        string image = SampleData.AllImages()[^1];

        using (HttpResponseMessage ok = await client.PostAsync("/predict", Uploads.Multipart(await File.ReadAllBytesAsync(image))))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            PredictionAnswer? answer = await ok.Content.ReadFromJsonAsync<PredictionAnswer>();
            Assert.Equal(model.Predictor.Predict(image).Probability, answer!.Probability);
        }
        // Declared too large (refused unread, by the API or by Kestrel's own limit), and found too large while reading
        // (chunked: small enough over the limit that Kestrel drains the rest and keeps the connection).
        foreach (HttpContent tooLarge in new[] { Uploads.Raw(new byte[3 * Limit]), Uploads.Multipart(new byte[3 * Limit]),
                     Uploads.RawWithoutLength(new byte[2 * Limit]) })
        {
            using HttpResponseMessage refused = await client.PostAsync("/predict", tooLarge);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("too large", (await refused.Content.ReadFromJsonAsync<ProblemAnswer>())!.Detail);
        }
        using HttpResponseMessage health = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        // Kestrel names no server, and every answer forbids content sniffing.
        Assert.False(health.Headers.Contains("Server"));
        Assert.Equal("nosniff", Assert.Single(health.Headers.GetValues("X-Content-Type-Options")));
    }
}
