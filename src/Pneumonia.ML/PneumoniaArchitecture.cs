namespace Pneumonia.ML;

/// <summary>The network a <see cref="PneumoniaClassifier"/> trains.</summary>
public enum PneumoniaArchitecture
{
    /// <summary>
    /// The network of the Keras article this library started from: five Conv 3×3 + ReLU + MaxPool 2 blocks with
    /// 16/32/64/128/256 filters, Flatten, Dense 512 + ReLU, Dense 1 + sigmoid, trained with RMSprop at 0.001.
    /// Kept for comparison: it is unstable on this data. Needs images of at least 94 pixels.
    /// </summary>
    ArticleCnn,

    /// <summary>
    /// A small network trained from scratch (five Conv + batch norm + ReLU + MaxPool blocks, global average
    /// pooling, dropout): for users who cannot ship the pretrained weights. Images of at least 32 pixels.
    /// </summary>
    CompactCnn,

    /// <summary>
    /// The default: ImageNet-pretrained ResNet18 (the ONNX model of the NuGet package
    /// Microsoft.ML.DnnImageFeaturizer.ResNet18, loaded into TorchSharp) fine-tuned with a new pneumonia head; stem and
    /// first stage frozen. Images of at least 32 pixels; it was pretrained at 224.
    /// </summary>
    ResNet18,
}
