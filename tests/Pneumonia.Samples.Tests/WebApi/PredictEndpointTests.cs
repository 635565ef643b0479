using System.Net;
using System.Net.Http.Json;
using Pneumonia.ML;

namespace Pneumonia.Samples.Tests.WebApi;

/// <summary>POST /predict answers what PneumoniaPredictor.Predict answers on the same .pnmi, for many clients at once.</summary>
[Collection(TrainedModelCollection.Name)]
public sealed class PredictEndpointTests(TrainedModelFixture model)
{
    [Fact]
    public async Task Eight_concurrent_clients_sending_ten_xrays_each_get_exactly_what_Predict_gives()
    {
        const int Clients = 8, RequestsPerClient = 10;
        string[] images = SampleData.AllImages();
        Assert.Equal(Clients * RequestsPerClient, images.Length);
        Dictionary<string, PneumoniaPrediction> expected = images.ToDictionary(i => i, i => model.Predictor.Predict(i));
        await using WebApiFactory factory = WebApiFactory.WithModel(model.ModelPath);
        HttpClient[] clients = Enumerable.Range(0, Clients).Select(_ => factory.CreateClient()).ToArray();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        Task<(string Image, HttpStatusCode Status, PredictionAnswer? Answer)[]>[] running = Enumerable.Range(0, Clients)
            .Select(c => Task.Run(async () =>
            {
                await start.Task;
                var answers = new List<(string, HttpStatusCode, PredictionAnswer?)>();
                for (int r = 0; r < RequestsPerClient; r++)
                {
                    string image = images[c * RequestsPerClient + r];
                    byte[] bytes = await File.ReadAllBytesAsync(image);
                    // Half the requests as multipart form files, half as raw bodies.
                    using HttpContent content = r % 2 == 0 ? Uploads.Multipart(bytes, Path.GetFileName(image)) : Uploads.Raw(bytes);
                    using HttpResponseMessage response = await clients[c].PostAsync("/predict", content);
                    PredictionAnswer? answer = response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<PredictionAnswer>() : null;
                    answers.Add((image, response.StatusCode, answer));
                }
                return answers.ToArray();
            }))
            .ToArray();
        start.SetResult();
        var all = (await Task.WhenAll(running)).SelectMany(a => a).ToArray();

        Assert.Equal(images.Length, all.Select(a => a.Image).Distinct().Count());
        foreach ((string image, HttpStatusCode status, PredictionAnswer? answer) in all)
        {
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.NotNull(answer);
            Assert.Equal(expected[image].Label, answer.Label);
            Assert.Equal(expected[image].Probability, answer.Probability);
            Assert.Equal(expected[image].Threshold, answer.Threshold);
        }
        foreach (HttpClient client in clients) client.Dispose();
    }

    [Theory]
    [InlineData("image/jpeg")]
    [InlineData("application/octet-stream")]
    public async Task A_raw_body_of_any_content_type_is_read_as_the_image(string contentType)
    {
        string image = SampleData.AllImages()[0];
        await using WebApiFactory factory = WebApiFactory.WithModel(model.ModelPath);
        using HttpClient client = factory.CreateClient();

        using HttpResponseMessage response = await client.PostAsync("/predict", Uploads.Raw(await File.ReadAllBytesAsync(image), contentType));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        PredictionAnswer? answer = await response.Content.ReadFromJsonAsync<PredictionAnswer>();
        Assert.Equal(model.Predictor.Predict(image).Probability, answer!.Probability);
    }

    [Fact]
    public async Task Health_answers_200_once_the_model_is_loaded()
    {
        await using WebApiFactory factory = WebApiFactory.WithModel(model.ModelPath);
        using HttpClient client = factory.CreateClient();

        using HttpResponseMessage response = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }
}
