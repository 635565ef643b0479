using static TorchSharp.torch;

namespace Pneumonia.ML.Data;

/// <summary>
/// Random changes suited to chest X-rays, drawn per image from a seeded generator: rotation ±10°, zoom 0.9–1.1 (0.8–1.3
/// with site shifts of version 3), shift
/// ±6 %; brightness ±0.08, contrast ×0.7–1.3, gamma 0.7–1.5; and now and then Gaussian blur (σ 0.5–1.5, a third of the
/// batches), lost resolution (a fifth of the batches) and Gaussian noise (σ up to 0.03). No flips: the heart sits on
/// the left. With site shifts, each image may also get what differs between hospitals (<see cref="SiteShifts"/>).
/// </summary>
internal static class Augmentation
{
    /// <summary>The site shifts of the library's training (<see cref="SiteShifts"/>); 1 is the set the tables before 2026-12-01 trained with.</summary>
    public const int CurrentSiteShifts = 2;

    /// <param name="images">A batch, N×3×H×W in [0, 1].</param>
    /// <param name="generator">Every draw comes from it.</param>
    /// <param name="siteShifts">Also the changes that imitate other hospitals.</param>
    /// <param name="siteShiftVersion">Which set of them: <see cref="CurrentSiteShifts"/>, 1 to repeat an older training, or
    /// 3, which also widens the zoom to 0.8–1.3 (log-uniform), as another site's field of view does.</param>
    public static Tensor Apply(Tensor images, Generator generator, bool siteShifts = false, int siteShiftVersion = CurrentSiteShifts)
    {
        using var scope = NewDisposeScope();
        long n = images.shape[0];
        Tensor x = ImageOps.Affine(images,
            degrees: Uniform(n, -10, 10, generator),
            scale: siteShifts && siteShiftVersion >= 3 ? Uniform(n, Math.Log(0.8), Math.Log(1.3), generator).exp() : Uniform(n, 0.9, 1.1, generator),
            shiftX: Uniform(n, -0.06, 0.06, generator),
            shiftY: Uniform(n, -0.06, 0.06, generator));
        x = ImageOps.Brightness(x, Uniform(n, -0.08, 0.08, generator));
        x = ImageOps.Contrast(x, Uniform(n, 0.7, 1.3, generator));
        x = ImageOps.Gamma(x, Uniform(n, Math.Log(0.7), Math.Log(1.5), generator).exp());

        double blurDraw = Uniform(1, 0, 1, generator).item<float>();
        if (blurDraw < 1 / 3.0) x = ImageOps.Blur(x, 0.5 + 3 * blurDraw);
        double downscaleDraw = Uniform(1, 0, 1, generator).item<float>();
        if (downscaleDraw < 0.2) x = ImageOps.Downscale(x, (long)(images.shape[2] * (0.5 + downscaleDraw * 2)));
        if (siteShifts) x = SiteShifts(x, generator, siteShiftVersion);
        x = ImageOps.Noise(x, Uniform(n, 0, 0.03, generator), generator);
        return scope.MoveToOuter(x);
    }

    /// <summary>
    /// What differs between hospitals' X-rays, each change given to a share of the images: histogram equalisation
    /// (20%, blended 50–100%), local contrast like CLAHE (20%: unsharp masking with σ a tenth of the side, amount
    /// 0.5–1.5), another display window (30%: level 0.4–0.6, width 0.6–1.4), sharpening (20%: σ 1 px, amount 0.5–2),
    /// collimated or cropped borders (20%, black or white: half of them a frame of 2–12% of the side on all four sides,
    /// half up to 12% at each edge on its own), a burned-in marker (30%: a white box of 3–8% of the side near a corner),
    /// padding to another aspect ratio (20%: one side shrunk to 75–95%) and, last, as when a site stores its images,
    /// JPEG compression (20%: quality 10–50 in 8×8 blocks of the network's input). Version 1 (before 2026-12-01) had no
    /// frames, each edge of its own, and no compression; version 3 (being measured) is version 2 with a wider zoom.
    /// </summary>
    private static Tensor SiteShifts(Tensor x, Generator generator, int version)
    {
        long n = x.shape[0];
        long side = x.shape[2];
        x = Some(x, 0.2, generator, t => ImageOps.Equalize(t, Uniform(n, 0.5, 1, generator)));
        x = Some(x, 0.2, generator, t => ImageOps.Unsharp(t, side / 10.0, Uniform(n, 0.5, 1.5, generator)));
        x = Some(x, 0.3, generator, t => ImageOps.Window(t, Uniform(n, 0.4, 0.6, generator), Uniform(n, 0.6, 1.4, generator)));
        x = Some(x, 0.2, generator, t => ImageOps.Unsharp(t, 1, Uniform(n, 0.5, 2, generator)));
        x = Some(x, 0.2, generator, version == 1
            ? t => ImageOps.Collimate(t, Uniform(n, 0, 0.12, generator), Uniform(n, 0, 0.12, generator),
                Uniform(n, 0, 0.12, generator), Uniform(n, 0, 0.12, generator), Uniform(n, 0, 1, generator).round())
            : t =>
            {
                // Half the collimated images are framed (one thickness on all four sides), half get an edge of their own each.
                Tensor framed = Uniform(n, 0, 1, generator).round(), frame = Uniform(n, 0.02, 0.12, generator);
                Tensor Edge() => framed * frame + (1 - framed) * Uniform(n, 0, 0.12, generator);
                return ImageOps.Collimate(t, Edge(), Edge(), Edge(), Edge(), Uniform(n, 0, 1, generator).round());
            });
        x = Some(x, 0.3, generator, t =>
        {
            Tensor width = Uniform(n, 0.03, 0.08, generator), height = Uniform(n, 0.03, 0.08, generator);
            Tensor right = Uniform(n, 0, 1, generator).round(), bottom = Uniform(n, 0, 1, generator).round();
            Tensor left = Uniform(n, 0.02, 0.1, generator) * (1 - right) + (0.9 - width) * right;
            Tensor top = Uniform(n, 0.02, 0.1, generator) * (1 - bottom) + (0.9 - height) * bottom;
            return ImageOps.Marker(t, left, top, width, height, ones(n));
        });
        x = Some(x, 0.2, generator, t =>
        {
            Tensor shrink = Uniform(n, 0.75, 0.95, generator), horizontal = Uniform(n, 0, 1, generator).round();
            return ImageOps.Letterbox(t, shrink * horizontal + (1 - horizontal), shrink * (1 - horizontal) + horizontal);
        });
        if (version >= 2) x = Some(x, 0.2, generator, t => ImageOps.Compress(t, Uniform(n, 10, 50, generator)));
        return x;
    }

    /// <summary><paramref name="change"/> applied to a random <paramref name="share"/> of the images, the others kept.</summary>
    private static Tensor Some(Tensor images, double share, Generator generator, Func<Tensor, Tensor> change)
    {
        Tensor chosen = Uniform(images.shape[0], 0, 1, generator).lt(share).view(-1, 1, 1, 1);
        return where(chosen, change(images), images);
    }

    private static Tensor Uniform(long n, double low, double high, Generator generator) =>
        rand(n, generator: generator) * (high - low) + low;
}
