using Pneumonia.ML.Data;
using SkiaSharp;
using TorchSharp;

namespace Pneumonia.ML.Tests;

public class AugmentationTests
{
    [Fact]
    public void Is_reproducible_from_its_generator_stays_in_range_and_changes_the_images()
    {
        using var images = SeededTensors.Uniform(5, 4, 3, 64, 64);
        using var first = Augmentation.Apply(images, new torch.Generator(9, torch.CPU));
        using var second = Augmentation.Apply(images, new torch.Generator(9, torch.CPU));
        using var other = Augmentation.Apply(images, new torch.Generator(10, torch.CPU));

        Assert.True(first.allclose(second, rtol: 0, atol: 0));
        Assert.False(first.allclose(other, rtol: 0, atol: 0));
        Assert.Equal(images.shape, first.shape);
        Assert.True(first.min().item<float>() >= 0 && first.max().item<float>() <= 1);
        Assert.True((first - images).abs().mean().item<float>() > 0.01);
    }

    [Fact]
    public void Contrast_and_gamma_of_one_change_nothing()
    {
        using var images = SeededTensors.Uniform(1, 2, 3, 16, 16);
        using var ones = torch.ones(2);
        using var contrast = ImageOps.Contrast(images, ones);
        using var gamma = ImageOps.Gamma(images, ones);
        Assert.True(contrast.allclose(images, atol: 1e-6));
        Assert.True(gamma.allclose(images, atol: 1e-5));
    }

    [Fact]
    public void Blur_keeps_a_flat_image_flat_and_smooths_an_edge()
    {
        using var flat = torch.full(1, 3, 16, 16, 0.4f);
        using var blurredFlat = ImageOps.Blur(flat, 1.5);
        Assert.True(blurredFlat.allclose(flat, atol: 1e-5));

        using var edge = torch.cat([torch.zeros(1, 3, 16, 8), torch.ones(1, 3, 16, 8)], 3);
        using var blurredEdge = ImageOps.Blur(edge, 1.5);
        float nearEdge = blurredEdge[0, 0, 8, 7].item<float>();
        Assert.InRange(nearEdge, 0.1f, 0.9f);
    }
}

public class SiteShiftTests
{
    private static torch.Tensor Ramp()
    {
        using var row = torch.linspace(0.1, 0.7, 16);
        return row.view(1, 1, 1, 16).expand(2, 3, 16, 16).contiguous();
    }

    [Fact]
    public void Equalisation_spreads_the_brightness_over_the_whole_range()
    {
        using var images = Ramp();
        using var strength = torch.ones(2);
        using var equalized = ImageOps.Equalize(images, strength);
        Assert.Equal(0f, equalized.min().item<float>(), 1e-6f);
        Assert.Equal(1f, equalized.max().item<float>(), 1e-6f);
        using var none = ImageOps.Equalize(images, torch.zeros(2));
        Assert.True(none.allclose(images, atol: 1e-6));
    }

    [Fact]
    public void Equalisation_gives_each_pixel_its_rank_among_the_images_pixels()
    {
        using var scope = torch.NewDisposeScope();
        var images = SeededTensors.Uniform(4, 2, 3, 12, 10);
        var flat = images.mean([1], keepdim: true).flatten(1);
        var expected = (flat.argsort(dim: 1).argsort(dim: 1).to_type(torch.ScalarType.Float32) / (flat.shape[1] - 1))
            .view(2, 1, 12, 10).expand_as(images);

        var equalized = ImageOps.Equalize(images, torch.ones(2));

        Assert.True(equalized.allclose(expected, rtol: 0, atol: 0));
    }

    [Fact]
    public void A_window_maps_its_level_to_mid_grey()
    {
        using var images = torch.full(2, 3, 4, 4, 0.3f);
        using var windowed = ImageOps.Window(images, torch.tensor(new[] { 0.3f, 0.2f }), torch.tensor(new[] { 0.5f, 0.5f }));
        Assert.Equal(0.5f, windowed[0].mean().item<float>(), 1e-6f);
        Assert.Equal(0.7f, windowed[1].mean().item<float>(), 1e-6f);
    }

    [Fact]
    public void Collimation_fills_the_borders_and_keeps_the_middle()
    {
        using var images = torch.full(1, 3, 20, 20, 0.5f);
        using var quarter = torch.full(1, 0.25f);
        using var collimated = ImageOps.Collimate(images, quarter, quarter, quarter, quarter, torch.ones(1));
        Assert.Equal(1f, collimated[0, 0, 0, 10].item<float>());
        Assert.Equal(1f, collimated[0, 0, 10, 19].item<float>());
        Assert.Equal(0.5f, collimated[0, 0, 10, 10].item<float>());
    }

    [Fact]
    public void A_marker_is_a_box_of_its_value_where_it_was_put()
    {
        using var images = torch.zeros(1, 3, 20, 20);
        using var marked = ImageOps.Marker(images, torch.full(1, 0.5f), torch.full(1, 0.25f), torch.full(1, 0.2f), torch.full(1, 0.1f), torch.ones(1));
        Assert.Equal(3 * 4 * 2, marked.sum().item<float>()); // 4 columns × 2 rows × 3 channels
        Assert.Equal(1f, marked[0, 0, 5, 10].item<float>());
    }

    [Fact]
    public void Letterboxing_blackens_the_sides_and_keeps_the_centre()
    {
        using var images = torch.full(1, 3, 20, 20, 0.5f);
        using var boxed = ImageOps.Letterbox(images, torch.full(1, 0.5f), torch.ones(1));
        Assert.Equal(0f, boxed[0, 0, 10, 0].item<float>(), 1e-6f);
        Assert.Equal(0.5f, boxed[0, 0, 10, 10].item<float>(), 1e-6f);
        Assert.Equal(0.5f, boxed[0, 0, 0, 10].item<float>(), 1e-6f);
    }

    [Fact]
    public void Trimming_keeps_an_image_without_flat_edges_as_it_is()
    {
        using var images = SeededTensors.Uniform(8, 2, 3, 24, 24);
        using var trimmed = ImageOps.TrimFlatBorders(images);
        Assert.True(trimmed.allclose(images, rtol: 0, atol: 0));
    }

    [Fact]
    public void Trimming_a_frame_gives_the_framed_part_at_full_size()
    {
        using var images = SeededTensors.Uniform(9, 2, 3, 40, 40);
        using var tenth = torch.full(2, 0.1f);
        using var framed = ImageOps.Collimate(images, tenth, tenth, tenth, tenth, torch.tensor(new[] { 0f, 1f }));
        using var trimmed = ImageOps.TrimFlatBorders(framed);
        using var expected = AtFullSize(images[.., .., 4..36, 4..36], 40);
        Assert.True(trimmed.allclose(expected, rtol: 0, atol: 1e-6));
    }

    [Fact]
    public void Trimming_one_collimated_edge_leaves_the_other_three()
    {
        using var images = SeededTensors.Uniform(10, 1, 3, 40, 40);
        using var none = torch.zeros(1);
        using var collimated = ImageOps.Collimate(images, torch.full(1, 0.2f), none, none, none, torch.zeros(1));
        using var trimmed = ImageOps.TrimFlatBorders(collimated);
        using var expected = AtFullSize(images[.., .., 8..40, ..], 40);
        Assert.True(trimmed.allclose(expected, rtol: 0, atol: 1e-6));
    }

    [Fact]
    public void Trimming_takes_at_most_its_share_of_each_side()
    {
        using var images = SeededTensors.Uniform(11, 1, 3, 40, 40);
        using var none = torch.zeros(1);
        using var collimated = ImageOps.Collimate(images, torch.full(1, 0.5f), none, none, none, torch.zeros(1));
        using var trimmed = ImageOps.TrimFlatBorders(collimated, maxShare: 0.25);
        using var expected = AtFullSize(collimated[.., .., 10..40, ..], 40);
        Assert.True(trimmed.allclose(expected, rtol: 0, atol: 1e-6));
        using var flat = torch.full(1, 3, 16, 16, 0.3f);
        using var trimmedFlat = ImageOps.TrimFlatBorders(flat);
        Assert.True(trimmedFlat.allclose(flat, rtol: 0, atol: 1e-6));
    }

    /// <summary>What trimming should give: the part kept, enlarged bilinearly back to the full side.</summary>
    private static torch.Tensor AtFullSize(torch.Tensor part, long side) =>
        torch.nn.functional.interpolate(part, [side, side], mode: torch.InterpolationMode.Bilinear, align_corners: false);

    [Theory]
    [InlineData(10)]
    [InlineData(30)]
    public void Compression_loses_what_a_jpeg_encoder_loses(int quality)
    {
        // A fixture X-ray, grey, at 120×120 (not a multiple of 8: the edge blocks are padded as an encoder pads them).
        using SKBitmap original = Decode(File.ReadAllBytes(Fixtures.Images(Fixtures.SampleTrain, "NORMAL")[0]), 120);
        using SKData encoded = SKImage.FromBitmap(original).Encode(SKEncodedImageFormat.Jpeg, quality);
        using SKBitmap decoded = Decode(encoded.ToArray(), 120);
        using var image = Pixels(original);
        using var jpeg = Pixels(decoded);

        using var compressed = ImageOps.Compress(image, torch.full(1, (float)quality));

        float encoderLoss = (jpeg - image).abs().mean().item<float>();
        float difference = (compressed - jpeg).abs().mean().item<float>();
        Assert.True(encoderLoss > 0.005, $"the encoder lost only {encoderLoss}");
        Assert.True(difference < encoderLoss / 5, $"{difference} from the encoder's result, which is {encoderLoss} from the original");
        Assert.Equal(image.shape, compressed.shape);
    }

    [Fact]
    public void Compression_at_full_quality_keeps_the_image()
    {
        using var scope = torch.NewDisposeScope();
        var images = SeededTensors.Uniform(4, 2, 3, 16, 16).mean([1], keepdim: true).expand(2, 3, 16, 16);
        var compressed = ImageOps.Compress(images, torch.full(2, 100f));
        Assert.True(compressed.allclose(images, rtol: 0, atol: 2.5f / 255));
    }

    private static SKBitmap Decode(byte[] bytes, int side)
    {
        using SKBitmap decoded = SKBitmap.Decode(bytes);
        return decoded.Resize(new SKImageInfo(side, side, SKColorType.Gray8), SKFilterQuality.Medium);
    }

    private static torch.Tensor Pixels(SKBitmap grey)
    {
        byte[] bytes = grey.Bytes;
        var values = new float[bytes.Length];
        for (int i = 0; i < bytes.Length; i++) values[i] = bytes[i] / 255f;
        return torch.tensor(values).view(1, 1, grey.Height, grey.Width).expand(1, 3, grey.Height, grey.Width).contiguous();
    }

    [Fact]
    public void The_first_site_shifts_stay_available_and_differ_from_the_current_ones()
    {
        using var images = SeededTensors.Uniform(6, 64, 3, 32, 32);
        using var first = Augmentation.Apply(images, new torch.Generator(3, torch.CPU), siteShifts: true, siteShiftVersion: 1);
        using var again = Augmentation.Apply(images, new torch.Generator(3, torch.CPU), siteShifts: true, siteShiftVersion: 1);
        using var current = Augmentation.Apply(images, new torch.Generator(3, torch.CPU), siteShifts: true);
        Assert.True(first.allclose(again, rtol: 0, atol: 0));
        Assert.False(first.allclose(current, rtol: 0, atol: 1e-3));
    }

    [Fact]
    public void The_wider_zoom_of_version_3_repeats_itself_and_differs_from_version_2()
    {
        using var images = SeededTensors.Uniform(12, 64, 3, 32, 32);
        using var third = Augmentation.Apply(images, new torch.Generator(3, torch.CPU), siteShifts: true, siteShiftVersion: 3);
        using var again = Augmentation.Apply(images, new torch.Generator(3, torch.CPU), siteShifts: true, siteShiftVersion: 3);
        using var second = Augmentation.Apply(images, new torch.Generator(3, torch.CPU), siteShifts: true, siteShiftVersion: 2);
        Assert.True(third.allclose(again, rtol: 0, atol: 0));
        Assert.False(third.allclose(second, rtol: 0, atol: 1e-3));
        Assert.InRange(third.min().item<float>(), 0f, 1f);
        Assert.InRange(third.max().item<float>(), 0f, 1f);
    }

    [Fact]
    public void Site_shifts_are_reproducible_stay_in_range_and_differ_from_the_standard_augmentation()
    {
        using var images = SeededTensors.Uniform(6, 16, 3, 32, 32);
        using var first = Augmentation.Apply(images, new torch.Generator(3, torch.CPU), siteShifts: true);
        using var second = Augmentation.Apply(images, new torch.Generator(3, torch.CPU), siteShifts: true);
        using var standard = Augmentation.Apply(images, new torch.Generator(3, torch.CPU), siteShifts: false);
        Assert.True(first.allclose(second, rtol: 0, atol: 0));
        Assert.False(first.allclose(standard, rtol: 0, atol: 1e-3));
        Assert.True(first.min().item<float>() >= 0 && first.max().item<float>() <= 1);
    }
}
