using System.Net;
using System.Net.Http.Json;
using Pneumonia.WebApi;

namespace Pneumonia.Samples.Tests.WebApi;

/// <summary>
/// The prediction limiter: past its permits and queue, 503 with Retry-After at once; /health is outside it. Made
/// deterministic by holding predictions in <see cref="PredictionHook"/> until the test releases them.
/// </summary>
[Collection(TrainedModelCollection.Name)]
public sealed class ConcurrencyLimitTests(TrainedModelFixture model)
{
    /// <summary>Holds every prediction that reaches it until <see cref="Release"/>, and says how many arrived.</summary>
    private sealed class Gate
    {
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource[] _arrived;
        private int _count;

        public Gate(int expected)
        {
            _arrived = Enumerable.Range(0, expected + 1).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
            Hook = new PredictionHook
            {
                BeforePredict = async cancellationToken =>
                {
                    _arrived[Math.Min(Interlocked.Increment(ref _count), _arrived.Length - 1)].TrySetResult();
                    await _release.Task.WaitAsync(cancellationToken);
                },
            };
        }

        public PredictionHook Hook { get; }

        /// <summary>Completes when the <paramref name="n"/>th prediction (1-based) has reached the hook.</summary>
        public Task Arrived(int n) => _arrived[n].Task;

        public void Release() => _release.TrySetResult();
    }

    private WebApiFactory Start(Gate gate, int permits, int queue)
    {
        Dictionary<string, string?> settings = WebApiFactory.Settings(model.ModelPath);
        settings["Pneumonia:MaxConcurrentPredictions"] = permits.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Pneumonia:PredictionQueueLength"] = queue.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Pneumonia:RetryAfterSeconds"] = "7";
        return new WebApiFactory(settings, hook: gate.Hook);
    }

    private static async Task<HttpContent> Xray() => Uploads.Raw(await File.ReadAllBytesAsync(SampleData.AllImages()[0]));

    [Fact]
    public async Task With_one_permit_and_no_queue_a_second_prediction_gets_503_with_Retry_After_and_health_still_answers()
    {
        var gate = new Gate(expected: 1);
        await using WebApiFactory factory = Start(gate, permits: 1, queue: 0);
        using HttpClient client = factory.CreateClient();

        Task<HttpResponseMessage> held = client.PostAsync("/predict", await Xray());
        await gate.Arrived(1);
        using (HttpResponseMessage busy = await client.PostAsync("/predict", await Xray()))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, busy.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(7), busy.Headers.RetryAfter?.Delta);
            Assert.Equal("application/problem+json", busy.Content.Headers.ContentType?.MediaType);
            Assert.Equal(503, (await busy.Content.ReadFromJsonAsync<ProblemAnswer>())!.Status);
        }
        using (HttpResponseMessage health = await client.GetAsync("/health"))
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);

        gate.Release();
        using HttpResponseMessage done = await held;
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
    }

    [Fact]
    public async Task With_one_permit_held_and_one_queue_place_of_two_more_predictions_one_waits_and_one_gets_503()
    {
        var gate = new Gate(expected: 2);
        await using WebApiFactory factory = Start(gate, permits: 1, queue: 1);
        using HttpClient client = factory.CreateClient();

        Task<HttpResponseMessage> first = client.PostAsync("/predict", await Xray());
        await gate.Arrived(1);
        Task<HttpResponseMessage>[] contenders = [client.PostAsync("/predict", await Xray()), client.PostAsync("/predict", await Xray())];
        // While the permit is held, the one that gets the queue place cannot finish: whichever finishes is the refused one.
        Task<HttpResponseMessage> refused = await Task.WhenAny(contenders);
        using (HttpResponseMessage busy = await refused)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, busy.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(7), busy.Headers.RetryAfter?.Delta);
        }
        Task<HttpResponseMessage> queued = contenders.Single(c => c != refused);
        Assert.False(queued.IsCompleted);

        gate.Release();
        using HttpResponseMessage firstDone = await first;
        using HttpResponseMessage queuedDone = await queued;
        Assert.Equal(HttpStatusCode.OK, firstDone.StatusCode);
        Assert.Equal(HttpStatusCode.OK, queuedDone.StatusCode);
    }
}
