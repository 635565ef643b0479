using Google.Protobuf;
using Onnx;
using static TorchSharp.torch;

namespace Pneumonia.ML.Engines;

/// <summary>Makes an <see cref="OnnxRuntimeEngine"/> for a graph this package built, with as many threads as libtorch uses.</summary>
internal static class OnnxEngines
{
    public static OnnxRuntimeEngine Create(ModelProto graph, int imageSize) =>
        new(graph.ToByteArray(), imageSize, get_num_threads());
}
