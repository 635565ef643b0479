using System.Buffers;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Pneumonia.ML.Engines;

/// <summary>
/// Runs an exported network (float or int8; <see cref="OnnxContract"/>) in an ONNX Runtime CPU session and returns its
/// logits and pooled features (the graph's <c>logit</c> and <c>features</c> outputs). Thread-safe: ONNX Runtime sessions may run from many threads at once.
/// </summary>
internal sealed class OnnxRuntimeEngine : IScoringEngine
{
    private const int BatchSize = 32;

    private readonly InferenceSession _session;
    private readonly int _imageSize;
    private readonly bool _hasClassLogits;

    /// <param name="model">The ONNX graph's bytes.</param>
    /// <param name="imageSize">The side of its input images.</param>
    /// <param name="threads">ONNX Runtime's intra-op threads: Pneumonia.ML passes as many as libtorch uses, the inference
    /// package the number of cores (the same on a machine that does not limit libtorch).</param>
    public OnnxRuntimeEngine(byte[] model, int imageSize, int threads)
    {
        _imageSize = imageSize;
        using var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
        };
        // Idle threads sleep instead of spinning: the process may be running libtorch (training, Grad-CAM) or a server.
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        _session = new InferenceSession(model, options);
        _hasClassLogits = _session.OutputMetadata.ContainsKey(OnnxContract.ClassLogitsName);
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
        string[] inputNames = [OnnxContract.InputName];
        string[] outputNames = _hasClassLogits
            ? [OnnxContract.LogitName, OnnxContract.FeaturesName, OnnxContract.ClassLogitsName]
            : [OnnxContract.LogitName, OnnxContract.FeaturesName];
        for (int start = 0; start < pixels.Count; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int count = Math.Min(batchSize, pixels.Count - start);
            float[] buffer = ArrayPool<float>.Shared.Rent(count * pixelCount); // no fresh large-object-heap array per call
            try
            {
                OnnxContract.WriteInput(pixels, start, count, buffer);
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

    /// <summary>
    /// Whether the graph takes <c>rgb</c> as N×3×S×S floats for this image size and gives <c>logit</c> and <c>features</c>
    /// (of <paramref name="featureCount"/> values, when given and the graph says), and, for a softmax model's
    /// <paramref name="classes"/>, <c>class_logits</c> with one column per class; <paramref name="problem"/> says what does
    /// not fit, naming the metadata field. A graph with <c>class_logits</c> and no classes is read as binary (its
    /// <c>logit</c> is the pneumonia log-odds), as files exported before inference models held classes were.
    /// </summary>
    public bool HasContract(int imageSize, int? featureCount, IReadOnlyList<string>? classes, out string problem)
    {
        problem = "";
        if (!_session.InputMetadata.TryGetValue(OnnxContract.InputName, out NodeMetadata? input)
            || input.ElementDataType != TensorElementType.Float || input.Dimensions is not [_, 3, var h, var w]
            || h != imageSize || w != imageSize)
        {
            problem = $"its ONNX graph does not take \"{OnnxContract.InputName}\" as N×3×{imageSize}×{imageSize} floats.";
            return false;
        }
        if (!_session.OutputMetadata.ContainsKey(OnnxContract.LogitName) || !_session.OutputMetadata.TryGetValue(OnnxContract.FeaturesName, out NodeMetadata? features))
        {
            problem = $"its ONNX graph lacks the outputs \"{OnnxContract.LogitName}\" and \"{OnnxContract.FeaturesName}\".";
            return false;
        }
        if (featureCount is { } count && features.Dimensions is [_, var c] && c > 0 && c != count)
        {
            problem = $"its ONNX graph gives {c} features and its input check expects {count}.";
            return false;
        }
        if (classes is null) return true;
        if (!_session.OutputMetadata.TryGetValue(OnnxContract.ClassLogitsName, out NodeMetadata? classLogits))
        {
            problem = $"its field Classes ({classes.Count} classes) is given and its ONNX graph has no \"{OnnxContract.ClassLogitsName}\" output.";
            return false;
        }
        if (classLogits.Dimensions is not [_, var k] || k != classes.Count)
        {
            problem = $"its field Classes ({classes.Count} classes) does not fit its ONNX graph, whose \"{OnnxContract.ClassLogitsName}\" output " +
                $"has {(classLogits.Dimensions is [_, var width] ? $"{width} columns" : "another shape")}.";
            return false;
        }
        return true;
    }

    public void Dispose() => _session.Dispose();
}
