using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;
using Pneumonia.ML.Data;
using Pneumonia.ML.MLNet;
using SkiaSharp;

namespace Pneumonia.ML.Tests;

/// <summary>
/// The preprocessor of both packages resizes and extracts pixels without ML.NET, byte for byte as ML.NET's
/// <c>ResizeImages</c> (Fill) and <c>ExtractPixels</c> do, which the models were trained with before.
/// </summary>
public class ImagePreprocessorTests
{
    public static TheoryData<int> Sizes => new() { 96, 150, 160, 224, 300 };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Decoded_pixels_are_MLNet_resize_and_extract_byte_for_byte(int size)
    {
        var preprocessor = new ImagePreprocessor(size);
        var ml = new MLContext(seed: 0);
        ITransformer mlnet = ml.Transforms.ResizeImages("Image", size, size, "Image", ImageResizingEstimator.ResizingKind.Fill)
            .Append(ml.Transforms.ExtractPixels("Pixels", "Image", outputAsFloatArray: false))
            .Fit(ml.Data.LoadFromEnumerable(Array.Empty<ImageRow>()));
        var engine = ml.Model.CreatePredictionEngine<ImageRow, PixelRow>(mlnet);

        string[] files = [.. Directory.GetFiles(Fixtures.SampleRoot, "*.jpeg", SearchOption.AllDirectories).Order(StringComparer.Ordinal),
            .. new[] { "cmyk.jpeg", "exif-rotated.jpeg", "rgb16.png", "rgba.png", "upright.jpeg", "one-pixel.png" }.Select(Fixtures.OddImage)];
        foreach (string file in files)
        {
            byte[] bytes = File.ReadAllBytes(file);
            using SKBitmap decoded = ImageDecoder.Decode(bytes, file);
            using MLImage image = MLImage.CreateFromPixels(decoded.Width, decoded.Height, MLPixelFormat.Bgra32, decoded.GetPixelSpan());
            byte[] expected = engine.Predict(new ImageRow { Image = image }).Pixels.DenseValues().ToArray();

            Assert.Equal(expected, preprocessor.Decode(bytes, file));
            Assert.Equal(expected, preprocessor.DecodeMLImage(image, file)); // the ML.NET column path
        }
    }

    private sealed class ImageRow
    {
        [ImageType(1, 1)]
        public MLImage? Image { get; set; }
    }

    private sealed class PixelRow
    {
        [ColumnName("Pixels")]
        public VBuffer<byte> Pixels { get; set; }
    }
}
