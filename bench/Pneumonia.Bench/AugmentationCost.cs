using System.Diagnostics;
using Pneumonia.ML.Data;
using static TorchSharp.torch;

namespace Pneumonia.Bench;

/// <summary>
/// What the training augmentation costs per batch (32 random images, three equal channels): each image change on the
/// whole batch, then the whole of <c>Augmentation.Apply</c> without and with site shifts (timed last, so warm).
/// Milliseconds per batch, the mean of the timed rounds after two untimed ones. Outside a training, so without the
/// large-block reuse a training runs with: compare whole training steps with <c>perf --augment --site-shifts</c>.
/// </summary>
internal static class AugmentationCost
{
    public static void Run(int side, int rounds, TextWriter log)
    {
        using var scope = NewDisposeScope();
        Tensor images = rand([32, 1, side, side], generator: new Generator(1)).expand(32, 3, side, side).contiguous();
        var generator = new Generator(7);
        Tensor Uniform(double low, double high) => rand(32, generator: generator) * (high - low) + low;
        (string Name, Func<Tensor> Change)[] changes =
        [
            ("rotation, zoom and shift", () => ImageOps.Affine(images, Uniform(-10, 10), Uniform(0.9, 1.1), Uniform(-0.06, 0.06), Uniform(-0.06, 0.06))),
            ("brightness, contrast and gamma", () => ImageOps.Gamma(ImageOps.Contrast(ImageOps.Brightness(images, Uniform(-0.08, 0.08)), Uniform(0.7, 1.3)), Uniform(0.7, 1.5))),
            ("Gaussian blur σ 1 px", () => ImageOps.Blur(images, 1)),
            ("lost resolution (half the side)", () => ImageOps.Downscale(images, side / 2)),
            ("Gaussian noise", () => ImageOps.Noise(images, Uniform(0, 0.03), generator)),
            ("histogram equalisation", () => ImageOps.Equalize(images, Uniform(0.5, 1))),
            ("local contrast (unsharp σ side/10)", () => ImageOps.Unsharp(images, side / 10.0, Uniform(0.5, 1.5))),
            ("display window", () => ImageOps.Window(images, Uniform(0.4, 0.6), Uniform(0.6, 1.4))),
            ("sharpening (unsharp σ 1 px)", () => ImageOps.Unsharp(images, 1, Uniform(0.5, 2))),
            ("collimation", () => ImageOps.Collimate(images, Uniform(0, 0.12), Uniform(0, 0.12), Uniform(0, 0.12), Uniform(0, 0.12), Uniform(0, 1).round())),
            ("letterbox", () => ImageOps.Letterbox(images, Uniform(0.75, 0.95), ones(32))),
            ("JPEG compression (quality 10–50)", () => ImageOps.Compress(images, Uniform(10, 50))),
        ];
        foreach (var (name, change) in changes) log.WriteLine($"| {name} | {Time(rounds, change):F1} |");
        foreach (bool siteShifts in new[] { false, true }) // after the changes: warm, and each draw of the batch-wide blur seen
            log.WriteLine($"| Augmentation.Apply, site shifts {(siteShifts ? "on" : "off")} | {Time(rounds, () => Augmentation.Apply(images, generator, siteShifts)):F1} |");
    }

    private static double Time(int rounds, Func<Tensor> work)
    {
        var clock = new Stopwatch();
        for (int i = 0; i < 2 + rounds; i++)
        {
            if (i == 2) clock.Start();
            using var scope = NewDisposeScope();
            work();
        }
        return clock.Elapsed.TotalMilliseconds / rounds;
    }
}
