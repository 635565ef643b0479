using System.Collections.Concurrent;
using System.Text.Json;

namespace Pneumonia.ML.Tests;

/// <summary>
/// Trainings shared by tests, whatever their class or collection: the first test that asks for a recipe trains it on
/// the committed sample, later ones (on any thread) wait for and reuse that classifier. The same options and
/// data give the same weights (<see cref="TrainingTests.The_same_seed_and_data_give_the_same_weights"/>), so no test
/// depends on which one asked first. Callers must not dispose or change what they get.
/// </summary>
internal static class TrainedOnce
{
    private static readonly ConcurrentDictionary<string, Lazy<PneumoniaClassifier>> Trained = new();

    /// <param name="options">A new options object, not changed afterwards: the recipe is read from it when it is first asked for.</param>
    public static PneumoniaClassifier OnSample(PneumoniaTrainingOptions options) =>
        Trained.GetOrAdd(JsonSerializer.Serialize(options), _ => new Lazy<PneumoniaClassifier>(() => PneumoniaClassifier.Train(Fixtures.SampleTrain, options))).Value;
}
