using Pneumonia.ML.Training;
using static TorchSharp.torch;

namespace Pneumonia.ML.Tests;

/// <summary><see cref="PneumoniaTrainingOptions.LabelSmoothing"/>: the targets it trains towards (that it reaches training, and its range: TrainingTests).</summary>
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

    private sealed class FloatTolerance(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(float obj) => 0;
    }
}
