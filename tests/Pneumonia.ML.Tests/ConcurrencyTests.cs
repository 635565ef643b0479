namespace Pneumonia.ML.Tests;

/// <summary>Disposing while other threads predict is safe: each call either completes or throws ObjectDisposedException.</summary>
[Collection(TrainedClassifierCollection.Name)]
public class ConcurrencyTests(TrainedClassifierFixture trained)
{
    [Fact]
    public async Task Dispose_during_parallel_predictions_is_safe()
    {
        string model = Path.Combine(Fixtures.NewTempFolder(), "model.pnm");
        trained.Classifier.Save(model);
        string image = Fixtures.Images(Fixtures.SampleTest, "NORMAL")[0];
        PneumoniaPrediction expected = trained.Classifier.Predict(image);

        PneumoniaClassifier classifier = PneumoniaClassifier.Load(model);
        int completed = 0, refused = 0;
        using var started = new CountdownEvent(8);
        // Each worker predicts until the classifier refuses it, so every worker ends refused whatever the timing.
        Task[] workers = Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            started.Signal();
            while (true)
            {
                try
                {
                    Assert.Equal(expected, classifier.Predict(image));
                    Interlocked.Increment(ref completed);
                }
                catch (ObjectDisposedException)
                {
                    Interlocked.Increment(ref refused);
                    return;
                }
            }
        })).ToArray();

        started.Wait();
        while (Volatile.Read(ref completed) < 20) Thread.Sleep(1);
        classifier.Dispose();
        await Task.WhenAll(workers);

        Assert.Equal(8, refused);
        Assert.True(completed >= 20);
        Assert.Throws<ObjectDisposedException>(() => classifier.Predict(image));
    }
}
