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
        return Explain(Preprocessor.ReadFile(imagePath), Path.GetFullPath(imagePath));
    }

    /// <summary>Predicts one X-ray given as the bytes of a JPEG or PNG file and shows where the network looked.</summary>
    /// <exception cref="InvalidImageException">The bytes cannot be decoded.</exception>
    /// <exception cref="NotSupportedException">The network does not expose a feature map for Grad-CAM.</exception>
    public PneumoniaExplanation Explain(byte[] image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return Explain(image, "(bytes)");
    }

    /// <summary>
    /// Predicts one X-ray file and shows where the network found evidence of one class: a Grad-CAM heat map of the
    /// class <paramref name="classIndex"/> (an index into <see cref="Classes"/>), whichever class is predicted. For the
    /// binary model, 1 explains pneumonia and 0 normal.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="classIndex"/> is not an index into <see cref="Classes"/>.</exception>
    /// <exception cref="InvalidImageException">The file is missing or cannot be decoded.</exception>
    /// <exception cref="NotSupportedException">The network does not expose a feature map for Grad-CAM.</exception>
    public PneumoniaExplanation Explain(string imagePath, int classIndex)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(imagePath);
        ArgumentOutOfRangeException.ThrowIfNegative(classIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(classIndex, Classes.Count);
        return Explain(Preprocessor.ReadFile(imagePath), Path.GetFullPath(imagePath), classIndex);
    }

    private PneumoniaExplanation Explain(byte[] bytes, string source, int? classIndex = null)
    {
        if (bytes.Length == 0) throw new InvalidImageException(source, "it is empty (0 bytes).");
        return WhileAlive(() =>
        {
            (byte[] pixels, (int width, int height)) = Preprocessor.DecodeWithSize(bytes, source);
            GradCam.Result heat = IsMulticlass
                ? _network.ExplainClass(pixels, classIndex, Architecture)
                : _network.Explain(pixels, logit => classIndex is { } c ? c == 1 : _metadata.Probability(logit) >= Threshold, Architecture);
            float probability = _metadata.Probability(heat.Logit);
            (int predicted, float[] classProbabilities) = Engines.Predictions.ClassesOf(_metadata, probability, heat.ClassLogits);
            var prediction = new PneumoniaPrediction(probability >= Threshold ? PneumoniaLabel : NormalLabel, probability, Threshold,
                InputChecker.Check(pixels, width, height, heat.PooledFeatures, _metadata.InputCheck))
            {
                ClassIndex = predicted, Classes = Classes, ClassProbabilities = classProbabilities,
            };
            return new PneumoniaExplanation(source, prediction, heat.Heat, heat.Size, bytes) { ExplainedClass = heat.ExplainedClass };
        });
    }
}
