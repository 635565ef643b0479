using Pneumonia.ML.Explainability;
using Pneumonia.ML.Models;
using TorchSharp;
using Xunit.Abstractions;

namespace Pneumonia.ML.Tests;

public class GradCamTests(ITestOutputHelper output)
{
    [Fact]
    public void The_feature_map_hook_gives_the_logits_of_forward_and_the_fifth_block_before_pooling()
    {
        using var network = new ArticleCnn(128);
        network.eval();
        using var scope = torch.NewDisposeScope();
        var images = SeededTensors.Uniform(4, 2, 3, 128, 128);
        var logits = network.forward(images);
        (var features, var hookedLogits) = network.ForwardWithFeatures(images);

        Assert.Equal([2L, 256, 4, 4], features.shape);
        Assert.True(logits.allclose(hookedLogits), "the hook must not change the network's answer");
    }

    [Fact]
    public void Most_heat_falls_in_the_quadrant_of_the_square_that_decides_a_synthetic_class()
    {
        using TinyCamNetwork network = TinyCamNetwork.Trained(seed: 1, out float loss);
        (torch.Tensor images, bool[] labels, int[] quadrants, int[] distractors) = SyntheticXrays.Make(40, seed: 2);
        using (images)
        {
            int correct = 0;
            var onSquare = new List<double>();
            var onDistractor = new List<double>();
            for (int i = 0; i < labels.Length; i++)
            {
                using var image = images.narrow(0, i, 1);
                GradCam.Result result = GradCam.Compute(network, image, logit => logit >= 0); // probability ≥ 0.5
                Assert.Equal(SyntheticXrays.Size * SyntheticXrays.Size, result.Heat.Length);
                Assert.Equal(1f, result.Heat.Max());
                bool calledPositive = result.Logit >= 0; // probability ≥ 0.5
                if (calledPositive == labels[i]) correct++;
                // A positive call's heat shows the evidence for the positive class: the bright square, not the dark one.
                if (!labels[i] || !calledPositive) continue;
                onSquare.Add(SyntheticXrays.HeatInQuadrant(result.Heat, result.Size, quadrants[i]));
                onDistractor.Add(SyntheticXrays.HeatInQuadrant(result.Heat, result.Size, distractors[i]));
            }
            string seen = string.Join(", ", onSquare.Select(f => f.ToString("0.00")));
            output.WriteLine($"{correct}/40 right, last training loss {loss:0.000}; heat in the square's quadrant: {seen}; " +
                             $"in the dark square's: {string.Join(", ", onDistractor.Select(f => f.ToString("0.00")))}");
            Assert.True(correct >= 36, $"the tiny network should learn the synthetic task: {correct}/40 right (last epoch's mean loss {loss:0.000}, target {TinyCamNetwork.TargetLoss})");
            Assert.True(onSquare.Average() >= 0.7, $"on average most heat should fall in the square's quadrant (a quarter of the image): {seen}");
            Assert.True(onSquare.Count(f => f > 0.5) >= 0.9 * onSquare.Count, $"nearly every image should have most heat in the square's quadrant: {seen}");
            Assert.True(onDistractor.Average() < 0.1, "the dark square says nothing about the class and should stay cold");
        }
    }
}
