namespace Pneumonia.WebApi;

/// <summary>
/// A seam for tests: when registered as a service, POST /predict awaits <see cref="BeforePredict"/> while it holds its
/// concurrency slot, before reading the upload (tests hold a request there to fill the limiter, or throw to check
/// that a failure's answer carries no detail). Not registered by the app itself.
/// </summary>
internal sealed class PredictionHook
{
    public Func<CancellationToken, Task> BeforePredict { get; init; } = _ => Task.CompletedTask;
}
