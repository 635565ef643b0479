namespace Pneumonia.ML;

/// <summary>How a saved model stores its weights.</summary>
public enum PneumoniaWeightPrecision
{
    /// <summary>Exactly, as 32-bit floats: a loaded model predicts exactly as the saved one.</summary>
    Float32,

    /// <summary>
    /// Convolution and linear weights as 8-bit integers with one scale per output channel (biases and batch-norm
    /// statistics stay exact; groups of 32 weights share a scale): files about 28% of the float32 size. On the shipped
    /// model's 1,068 held-out images (the patients of its cross-validation fold) the probabilities moved by 0.0008 on
    /// average and 0.10 at most, and 2 labels changed; on other networks the largest change has been larger. Check the
    /// figures you need on your own validation data before relying on it.
    /// </summary>
    Int8,
}
