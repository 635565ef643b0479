using Pneumonia.ML.Training;
using static TorchSharp.torch;

namespace Pneumonia.ML.Tests;

/// <summary><see cref="PneumoniaTrainingOptions.WeightAverageDecay"/>: the average (that it reaches training, and its range: TrainingTests).</summary>
public class WeightAverageTests
{
    private static nn.Module<Tensor, Tensor> Network() => nn.Sequential(nn.Linear(1, 1, hasBias: false), nn.BatchNorm1d(1));

    [Fact]
    public void The_average_follows_the_warmed_up_decay_copies_counts_and_swaps_back()
    {
        using var network = Network();
        Dictionary<string, Tensor> state = network.state_dict();
        void Set(float weight, long batches)
        {
            using var noGrad = no_grad();
            state["0.weight"].fill_(weight);
            state["1.num_batches_tracked"].fill_(batches);
        }
        Set(0, 0);
        using var average = new WeightAverage(network, Network(), decay: 0.5, steps: 0);

        Set(10, 1);
        average.Update(network); // step 1: d = min(0.5, 2/11)
        double expected = 10 * (1 - 2.0 / 11);
        Set(20, 2);
        average.Update(network); // step 2: d = min(0.5, 3/12) = 0.25
        expected = 0.25 * expected + 0.75 * 20;
        Set(30, 3);
        average.Update(network); // step 3: d = min(0.5, 4/13)
        expected = 4.0 / 13 * expected + 9.0 / 13 * 30;

        Dictionary<string, Tensor> averaged = average.Module.state_dict();
        Assert.Equal(expected, averaged["0.weight"].item<float>(), 4);
        Assert.Equal(3L, averaged["1.num_batches_tracked"].item<long>()); // counts are copied, not averaged
        Assert.Equal(0f, averaged["1.running_mean"].item<float>());

        average.Swap(network);
        Assert.Equal(expected, state["0.weight"].item<float>(), 4);
        Assert.Equal(30f, averaged["0.weight"].item<float>());
        average.Swap(network);
        Assert.Equal(30f, state["0.weight"].item<float>());
        Assert.Equal(expected, averaged["0.weight"].item<float>(), 4);
    }
}
