using Google.Protobuf;
using Onnx;
using Pneumonia.ML.Engines;
using Pneumonia.ML.Onnx;
using Pneumonia.ML.Persistence;
using Pneumonia.ML.Quantization;

namespace Pneumonia.ML;

public sealed partial class PneumoniaClassifier
{
    /// <summary>What runs the network when this classifier predicts and evaluates (see <see cref="Load(string, PneumoniaInferenceOptions?)"/>).</summary>
    public PneumoniaInferenceEngine Engine { get; }

    /// <summary>
    /// Writes the network as an ONNX model (opset 13) for other runtimes: input <c>rgb</c>, float N×3×S×S with
    /// S = <see cref="ImageSize"/>, RGB channels first, pixel values ÷ 255 after this library's resize; outputs
    /// <c>probability</c> (N×1, the classifier's probability, calibration included), <c>logit</c> (N×1, the log-odds
    /// that probability is the sigmoid of), and <c>features</c> (N×C, the pooled last-convolution features the input check
    /// measures; for an ensemble, the mean of its members'). Call an image pneumonia at probability ≥ <see cref="Threshold"/>.
    /// A multi-class model (<see cref="IsMulticlass"/>) has two more outputs, <c>class_logits</c> and
    /// <c>class_probabilities</c> (N×K, in the order of <see cref="Classes"/>); its <c>probability</c> is 1 − P(NORMAL).
    /// An existing file is replaced only once the new one is complete.
    /// </summary>
    /// <param name="path">The file to write.</param>
    /// <param name="precision">
    /// <see cref="PneumoniaWeightPrecision.Float32"/>: the same probabilities to within about 1e-6;
    /// <see cref="PneumoniaWeightPrecision.Int8"/>: the quantized graph <see cref="PneumoniaInferenceEngine.OnnxRuntimeInt8"/> runs
    /// (QuantizeLinear/DequantizeLinear pairs that ONNX Runtime fuses into integer kernels), which needs calibration ranges.
    /// </param>
    /// <exception cref="InvalidOperationException">Int8 was asked for a model without calibration ranges.</exception>
    public void ExportOnnx(string path, PneumoniaWeightPrecision precision = PneumoniaWeightPrecision.Float32)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!Enum.IsDefined(precision)) throw new ArgumentOutOfRangeException(nameof(precision), precision, "Unknown precision.");
        ModelProto graph = WhileAlive(() => OnnxExport.Build(_network.Module, ImageSize));
        if (precision == PneumoniaWeightPrecision.Int8)
            graph = QdqQuantizer.Quantize(graph, _metadata.ActivationRanges ?? throw EngineFactory.NoCalibration());
        graph = OnnxExport.Calibrate(graph, _metadata.CalibrationSlope, _metadata.CalibrationIntercept);
        AtomicFile.Write(path, graph.WriteTo);
    }

    /// <summary>
    /// Writes the model for the inference-only package, Pneumonia.ML.Inference (<c>PneumoniaPredictor.Load</c>), which
    /// runs on ONNX Runtime without libtorch or ML.NET: one file (<c>.pnmi</c>) holding the ONNX graph this classifier's
    /// ONNX Runtime engine runs (<see cref="PneumoniaInferenceEngine.OnnxRuntime"/>'s float32 graph, or
    /// <see cref="PneumoniaInferenceEngine.OnnxRuntimeInt8"/>'s int8 graph), and the threshold, Platt calibration, image
    /// size, labels, operating points and input-check statistics, and, for a multi-class model (<see cref="IsMulticlass"/>),
    /// <see cref="Classes"/> and <see cref="ClassesDescription"/> (the graph then has its <c>class_logits</c> output). A
    /// predictor loaded from it gives the same predictions (class probabilities included) and evaluations as this
    /// classifier on that engine. A binary model's file is format version 1, which every version of Pneumonia.ML.Inference
    /// reads; a multi-class model's is version 2, which versions older than this one refuse as newer. An existing file is replaced
    /// only once the new one is complete.
    /// </summary>
    /// <param name="path">The file to write (by convention <c>.pnmi</c>).</param>
    /// <param name="precision"><see cref="PneumoniaWeightPrecision.Int8"/> (the default): the int8 graph, about a quarter
    /// of the size, which needs calibration ranges; <see cref="PneumoniaWeightPrecision.Float32"/>: the float graph.</param>
    /// <exception cref="InvalidOperationException">Int8 was asked for a model without calibration ranges.</exception>
    public void ExportInferenceModel(string path, PneumoniaWeightPrecision precision = PneumoniaWeightPrecision.Int8)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!Enum.IsDefined(precision)) throw new ArgumentOutOfRangeException(nameof(precision), precision, "Unknown precision.");
        (ModelProto graph, ModelMetadata metadata) = WhileAlive(() => (OnnxExport.Build(_network.Module, ImageSize), _metadata));
        if (precision == PneumoniaWeightPrecision.Int8)
            graph = QdqQuantizer.Quantize(graph, metadata.ActivationRanges ?? throw EngineFactory.NoCalibration());
        InferenceModelFile.Write(path, new InferenceModel(metadata.Architecture.ToString(), metadata.ImageSize, metadata.Threshold,
            metadata.ThresholdOrigin, metadata.CalibrationSlope, metadata.CalibrationIntercept, precision, metadata.OperatingPoints ?? [],
            metadata.InputCheck, LibraryVersion, graph.ToByteArray(), metadata.Classes,
            metadata.Classes is null ? null : PneumoniaClasses.Describe(metadata.ClassSource),
            metadata.Classes is null ? null : metadata.ClassSource));
    }

    /// <summary>Whether the model holds the int8 engine's calibration ranges (stored, or measured when it was loaded).</summary>
    internal bool HasActivationRanges => _metadata.ActivationRanges is not null;
}
