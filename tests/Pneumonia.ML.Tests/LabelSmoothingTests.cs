using Pneumonia.ML.Training;
using static TorchSharp.torch;

namespace Pneumonia.ML.Tests;

/// <summary><see cref="PneumoniaTrainingOptions.LabelSmoothing"/>: the targets it trains towards, and that it reaches the loss (its range: TrainingTests).</summary>
public class LabelSmoothingTests
{
    [Fact]
    public void Binary_targets_move_in_by_half_of_epsilon_from_each_end()
    {
        using var scope = NewDisposeScope();
        Tensor labels = tensor(new[] { 0f, 1f, 1f });

        Assert.Equal(new[] { 0.05f, 0.95f, 0.95f }, Trainer.SmoothedTargets(labels, 0.1).data<float>().ToArray(), new FloatTolerance(1e-6f));
        Assert.Equal(new[] { 0f, 1f, 1f }, Trainer.SmoothedTargets(labels, 0).data<float>().ToArray());
    }

    [Fact]
    public void Smoothing_changes_what_the_same_seed_trains()
    {
        string folder = Fixtures.NewTempFolder();
        using (PneumoniaClassifier plain = PneumoniaClassifier.Train(Fixtures.SampleTrain, Quick(seed: 3)))
            plain.Save(Path.Combine(folder, "plain.model"));
        PneumoniaTrainingOptions smoothed = Quick(seed: 3);
        smoothed.LabelSmoothing = 0.2;
        using (PneumoniaClassifier classifier = PneumoniaClassifier.Train(Fixtures.SampleTrain, smoothed))
            classifier.Save(Path.Combine(folder, "smoothed.model"));

        Assert.NotEqual(File.ReadAllBytes(Path.Combine(folder, "plain.model")), File.ReadAllBytes(Path.Combine(folder, "smoothed.model")));
    }

    private static PneumoniaTrainingOptions Quick(int seed) => TrainingTests.Quick(seed, epochs: 1);

    private sealed class FloatTolerance(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(float obj) => 0;
    }
}
