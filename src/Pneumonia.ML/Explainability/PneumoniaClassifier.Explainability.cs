using Pneumonia.ML.Explainability;
using Pneumonia.ML.InputCheck;

namespace Pneumonia.ML;

public sealed partial class PneumoniaClassifier
{
    /// <summary>True when the network exposes a feature map, so that <see cref="Explain(string)"/> works.</summary>
    internal bool CanExplain => _network.CanExplain;

    /// <summary>
    /// Predicts one X-ray file and shows where the network looked: a Grad-CAM heat map of the predicted class.
    /// Save it over the X-ray with <see cref="PneumoniaExplanation.SavePng"/>.
    /// </summary>
    /// <exception cref="InvalidImageException">The file is missing or cannot be decoded.</exception>
    /// <exception cref="NotSupportedException">The network does not expose a feature map for Grad-CAM.</exception>
    public PneumoniaExplanation Explain(string imagePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(imagePath);
        return Explain(_preprocessor.ReadFile(imagePath), Path.GetFullPath(imagePath));
    }

    /// <summary>Predicts one X-ray given as the bytes of a JPEG or PNG file and shows where the network looked.</summary>
    /// <exception cref="InvalidImageException">The bytes cannot be decoded.</exception>
    /// <exception cref="NotSupportedException">The network does not expose a feature map for Grad-CAM.</exception>
    public PneumoniaExplanation Explain(byte[] image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return Explain(image, "(bytes)");
    }

    private PneumoniaExplanation Explain(byte[] bytes, string source)
    {
        if (bytes.Length == 0) throw new InvalidImageException(source, "it is empty (0 bytes).");
        return WhileAlive(() =>
        {
            (byte[] pixels, (int width, int height)) = _preprocessor.DecodeWithSize(bytes, source);
            GradCam.Result heat = _network.Explain(pixels, logit => _metadata.Probability(logit) >= Threshold, Architecture);
            float probability = _metadata.Probability(heat.Logit);
            var prediction = new PneumoniaPrediction(probability >= Threshold ? PneumoniaLabel : NormalLabel, probability, Threshold,
                InputChecker.Check(pixels, width, height, heat.PooledFeatures, _metadata.InputCheck));
            return new PneumoniaExplanation(source, prediction, heat.Heat, heat.Size, bytes);
        });
    }
}
