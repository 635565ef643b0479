using TorchSharp;
using static TorchSharp.torch;

namespace Pneumonia.ML.Data;

/// <summary>
/// Random changes suited to chest X-rays, drawn per image from a seeded generator: rotation ±10°, zoom 0.9–1.1, shift
/// ±6 %; brightness ±0.08, contrast ×0.7–1.3, gamma 0.7–1.5; and now and then Gaussian blur (σ 0.5–1.5, a third of the
/// batches), lost resolution (a fifth of the batches) and Gaussian noise (σ up to 0.03). No flips: the heart sits on
/// the left.
/// </summary>
internal static class Augmentation
{
    public static Tensor Apply(Tensor images, Generator generator)
    {
        using var scope = NewDisposeScope();
        long n = images.shape[0];
        Tensor x = ImageOps.Affine(images,
            degrees: Uniform(n, -10, 10, generator),
            scale: Uniform(n, 0.9, 1.1, generator),
            shiftX: Uniform(n, -0.06, 0.06, generator),
            shiftY: Uniform(n, -0.06, 0.06, generator));
        x = ImageOps.Brightness(x, Uniform(n, -0.08, 0.08, generator));
        x = ImageOps.Contrast(x, Uniform(n, 0.7, 1.3, generator));
        x = ImageOps.Gamma(x, Uniform(n, Math.Log(0.7), Math.Log(1.5), generator).exp());

        double blurDraw = Uniform(1, 0, 1, generator).item<float>();
        if (blurDraw < 1 / 3.0) x = ImageOps.Blur(x, 0.5 + 3 * blurDraw);
        double downscaleDraw = Uniform(1, 0, 1, generator).item<float>();
        if (downscaleDraw < 0.2) x = ImageOps.Downscale(x, (long)(images.shape[2] * (0.5 + downscaleDraw * 2)));
        x = ImageOps.Noise(x, Uniform(n, 0, 0.03, generator), generator);
        return scope.MoveToOuter(x);
    }

    private static Tensor Uniform(long n, double low, double high, Generator generator) =>
        rand(n, generator: generator) * (high - low) + low;
}
