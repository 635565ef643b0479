using Pneumonia.ML;

namespace Pneumonia.Bench;

/// <summary>
/// The recipe the bench commands start from: the library's defaults until 2026-12-01 (160 px, five epochs, no
/// site-shift augmentation, no mixup), which every table in bench/README.md before then was trained with. A command names what it
/// changes (<c>--image-size</c>, <c>--site-shifts</c>, <c>--mixup-alpha</c>, …), so each still repeats its table now
/// that the library's defaults are the four-epoch 128 px site-shift mixup recipe.
/// </summary>
internal static class BenchRecipe
{
    public static PneumoniaTrainingOptions Options() => new() { ImageSize = 160, Epochs = 5, SiteShiftAugmentation = false, MixupAlpha = 0 };
}
