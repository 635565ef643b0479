namespace Pneumonia.ML.Tests;

/// <summary>Reports on the training thread (System.Progress would post to the thread pool, out of order and late).</summary>
internal sealed class SynchronousProgress(Action<PneumoniaTrainingProgress> report) : IProgress<PneumoniaTrainingProgress>
{
    public void Report(PneumoniaTrainingProgress value) => report(value);
}
