using System.Buffers;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using Pneumonia.ML.Onnx;
using static TorchSharp.torch;

namespace Pneumonia.ML.Engines;

/// <summary>
/// Runs an exported network (<see cref="OnnxExport"/>, float or int8) in an ONNX Runtime CPU session and returns its
/// logits and pooled features (the graph's <c>logit</c> and <c>features</c> outputs). Thread-safe: ONNX Runtime sessions may run from many threads at once.
/// </summary>
internal sealed class OnnxRuntimeEngine : IScoringEngine
{
    private const int BatchSize = 32;

    private readonly InferenceSession _session;
    private readonly int _imageSize;
    private readonly bool _hasClassLogits;

    public OnnxRuntimeEngine(ModelProto model, int imageSize)
    {
        _imageSize = imageSize;
        _hasClassLogits = model.Graph.Output.Any(o => o.Name == OnnxExport.ClassLogitsName);
        using var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = get_num_threads(), // as many as libtorch uses: the cores of this machine
            InterOpNumThreads = 1,
        };
        // Idle threads sleep instead of spinning: the process may be running libtorch (training, Grad-CAM) or a server.
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        _session = new InferenceSession(model.ToByteArray(), options);
    }

    /// <inheritdoc />
    public EngineScores Score(IReadOnlyList<byte[]> pixels, CancellationToken cancellationToken = default) =>
        Score(pixels, BatchSize, cancellationToken);

    /// <summary>Logits for decoded images (C×S×S bytes each), <paramref name="batchSize"/> at a time.</summary>
    public float[] Logits(IReadOnlyList<byte[]> pixels, int batchSize = BatchSize, CancellationToken cancellationToken = default) =>
        Score(pixels, batchSize, cancellationToken).Logits;

    /// <summary>Logits and pooled features for decoded images (C×S×S bytes each), <paramref name="batchSize"/> at a time.</summary>
    public EngineScores Score(IReadOnlyList<byte[]> pixels, int batchSize, CancellationToken cancellationToken = default)
    {
        var logits = new float[pixels.Count];
        var features = new float[pixels.Count][];
        int pixelCount = 3 * _imageSize * _imageSize;
        float[][]? classLogits = _hasClassLogits ? new float[pixels.Count][] : null;
        string[] inputNames = [OnnxExport.InputName];
        string[] outputNames = _hasClassLogits
            ? [OnnxExport.LogitName, OnnxExport.FeaturesName, OnnxExport.ClassLogitsName]
            : [OnnxExport.LogitName, OnnxExport.FeaturesName];
        for (int start = 0; start < pixels.Count; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int count = Math.Min(batchSize, pixels.Count - start);
            float[] buffer = ArrayPool<float>.Shared.Rent(count * pixelCount); // no fresh large-object-heap array per call
            try
            {
                OnnxExport.WriteInput(pixels, start, count, buffer);
                using var input = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance,
                    buffer.AsMemory(0, count * pixelCount), [count, 3, _imageSize, _imageSize]);
                using var runOptions = new RunOptions();
                using var outputs = _session.Run(runOptions, inputNames, [input], outputNames);
                outputs[0].GetTensorDataAsSpan<float>().CopyTo(logits.AsSpan(start, count));
                ReadOnlySpan<float> pooled = outputs[1].GetTensorDataAsSpan<float>();
                int width = pooled.Length / count;
                for (int i = 0; i < count; i++) features[start + i] = pooled.Slice(i * width, width).ToArray();
                if (classLogits is not null)
                {
                    ReadOnlySpan<float> classes = outputs[2].GetTensorDataAsSpan<float>();
                    int k = classes.Length / count;
                    for (int i = 0; i < count; i++) classLogits[start + i] = classes.Slice(i * k, k).ToArray();
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(buffer);
            }
        }
        return new EngineScores(logits, features) { ClassLogits = classLogits };
    }

    public void Dispose() => _session.Dispose();
}
