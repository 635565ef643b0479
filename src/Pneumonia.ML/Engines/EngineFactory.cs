using Onnx;
using Pneumonia.ML.Data;
using Pneumonia.ML.Models;
using Pneumonia.ML.Onnx;
using Pneumonia.ML.Persistence;
using Pneumonia.ML.Quantization;

namespace Pneumonia.ML.Engines;

/// <summary>Makes the engine a classifier scores with, once, when the classifier is made.</summary>
internal static class EngineFactory
{
    /// <summary>
    /// The engine <paramref name="options"/> ask for (TorchSharp when null), and the metadata with the int8 ranges it
    /// used: the stored ones, or ones measured now on <see cref="PneumoniaInferenceOptions.CalibrationFolder"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">Int8 was asked for a model without ranges and without a calibration folder.</exception>
    public static (IScoringEngine Engine, ModelMetadata Metadata) Create(TorchNetwork network, ModelMetadata metadata,
        PneumoniaInferenceOptions? options, ImagePreprocessor preprocessor)
    {
        PneumoniaInferenceEngine engine = options?.Engine ?? PneumoniaInferenceEngine.TorchSharp;
        if (engine == PneumoniaInferenceEngine.TorchSharp) return (new TorchSharpEngine(network), metadata);

        ModelProto graph = OnnxExport.Build(network.Module, metadata.ImageSize);
        if (engine == PneumoniaInferenceEngine.OnnxRuntimeInt8)
        {
            if (options!.CalibrationFolder is { } folder)
            {
                var records = OnnxCalibration.Spread(OnnxCalibration.FolderImages(folder), options.CalibrationImageCount);
                DecodedImages images = preprocessor.Decode(records);
                metadata = metadata with { ActivationRanges = OnnxCalibration.Measure(graph, metadata.ImageSize, images.Pixels, records.Count) };
            }
            graph = QdqQuantizer.Quantize(graph, metadata.ActivationRanges ?? throw NoCalibration());
        }
        return (OnnxEngines.Create(graph, metadata.ImageSize), metadata);
    }

    /// <summary>Why int8 cannot run a model without calibration ranges, and what to do.</summary>
    public static InvalidOperationException NoCalibration() => new(
        "This model has no calibration ranges for int8 (it was saved before Pneumonia.ML measured them when training). " +
        "Load it with PneumoniaInferenceOptions.CalibrationFolder set to a folder of training X-rays, then Save it to keep the ranges.");
}
