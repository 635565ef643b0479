namespace Pneumonia.ML;

/// <summary>What runs the network when a <see cref="PneumoniaClassifier"/> predicts and evaluates.</summary>
public enum PneumoniaInferenceEngine
{
    /// <summary>TorchSharp (libtorch), the engine that trains the network: probabilities exactly as in training.</summary>
    TorchSharp,

    /// <summary>
    /// ONNX Runtime on the same network exported as a float32 graph (batch norms folded into the convolutions):
    /// the same probabilities to within about 1e-6, faster on CPU (bench/README.md has the figures).
    /// </summary>
    OnnxRuntime,

    /// <summary>
    /// ONNX Runtime on the network quantized to 8-bit integers (convolution weights per output channel, activations
    /// per tensor with ranges measured on training images): several times faster on CPUs with AVX-512 VNNI or
    /// AVX-VNNI, and the probabilities move. The model needs calibration ranges: models trained by this version store
    /// them; for older files set <see cref="PneumoniaInferenceOptions.CalibrationFolder"/>. Check the figures you need
    /// on your own validation data (<see cref="PneumoniaClassifier.Evaluate"/> runs on this engine too).
    /// </summary>
    OnnxRuntimeInt8,
}
