using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Onnx;
using Pneumonia.ML.Onnx;

namespace Pneumonia.ML.Quantization;

/// <summary>
/// Static int8 quantization of a float ONNX graph in the QDQ format ONNX Runtime fuses into integer kernels
/// (QLinearConv, QLinearAdd, uint8 MaxPool): per-channel symmetric int8 conv weights, int32 biases, and uint8
/// activations whose per-tensor ranges are the minimum and maximum seen on calibration images.
/// </summary>
/// <remarks>
/// A Quantize/Dequantize pair is put on every tensor that a Conv, Add, MaxPool or GlobalAveragePool reads. A conv or
/// add followed by ReLU has its pair after the ReLU, whose range starts at 0 (zero point 0): ONNX Runtime then drops the
/// ReLU, since the uint8 saturation does the same. Gemm and Sigmoid (the head) stay float.
/// </remarks>
internal static class QdqQuantizer
{
    private static readonly HashSet<string> QuantizedInputsOf = ["Conv", "Add", "MaxPool", "GlobalAveragePool"];

    /// <summary>The activations that get a Quantize/Dequantize pair, hence need a calibrated range.</summary>
    public static IReadOnlyList<string> CalibratedTensors(ModelProto model)
    {
        var initializers = model.Graph.Initializer.Select(t => t.Name).ToHashSet();
        return model.Graph.Node
            .Where(n => QuantizedInputsOf.Contains(n.OpType))
            .SelectMany(n => n.OpType == "Conv" ? n.Input.Take(1) : n.Input)
            .Where(name => !initializers.Contains(name))
            .Distinct()
            .ToList();
    }

    /// <summary>The minimum and maximum of each of <see cref="CalibratedTensors"/> over the calibration batches.</summary>
    /// <param name="model">The float graph (one input).</param>
    /// <param name="calibration">Batches for the graph's input.</param>
    public static Dictionary<string, ActivationRange> Calibrate(ModelProto model, IEnumerable<DenseTensor<float>> calibration)
    {
        IReadOnlyList<string> tensors = CalibratedTensors(model);
        var probe = model.Clone();
        foreach (var name in tensors.Where(t => probe.Graph.Output.All(o => o.Name != t) && probe.Graph.Input.All(i => i.Name != t)))
            probe.Graph.Output.Add(OnnxGraphBuilder.ValueInfo(name, TensorProto.Types.DataType.Float, null));
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL };
        using var session = new InferenceSession(probe.ToByteArray(), options);
        string input = session.InputMetadata.Keys.Single();
        var ranges = tensors.ToDictionary(t => t, _ => new ActivationRange(float.PositiveInfinity, float.NegativeInfinity));
        foreach (var batch in calibration)
        {
            Include(ranges, input, batch);
            using var results = session.Run([NamedOnnxValue.CreateFromTensor(input, batch)], tensors.Where(t => t != input).ToList());
            foreach (var result in results)
                Include(ranges, result.Name, result.AsTensor<float>());
        }
        if (ranges.Values.Any(r => !(r.Min <= r.Max)))
            throw new ArgumentException("No calibration images were given.", nameof(calibration));
        return ranges;
    }

    private static void Include(Dictionary<string, ActivationRange> ranges, string name, Tensor<float> values)
    {
        if (!ranges.TryGetValue(name, out var range)) return;
        float min = range.Min, max = range.Max;
        foreach (float v in values)
        {
            if (v < min) min = v;
            if (v > max) max = v;
        }
        ranges[name] = new ActivationRange(min, max);
    }

    /// <summary>The QDQ int8 graph of a float graph, given the range of each of <see cref="CalibratedTensors"/>.</summary>
    /// <exception cref="InvalidDataException">A range is missing or not finite.</exception>
    public static ModelProto Quantize(ModelProto model, IReadOnlyDictionary<string, ActivationRange> ranges)
    {
        GraphProto source = model.Graph;
        var initializers = source.Initializer.ToDictionary(t => t.Name);
        var activations = CalibratedTensors(model).ToHashSet();
        foreach (string tensor in activations)
        {
            if (!ranges.TryGetValue(tensor, out var range) || !float.IsFinite(range.Min) || !float.IsFinite(range.Max) || range.Min > range.Max)
                throw new InvalidDataException($"The calibration has no valid range for the activation {tensor}.");
        }

        var g = new OnnxGraphBuilder();
        g.Graph.Input.AddRange(source.Input);
        g.Graph.Output.AddRange(source.Output);
        var dequantized = new Dictionary<string, string>();
        var parameters = new Dictionary<string, (float Scale, byte ZeroPoint)>();
        // uint8 max pooling needs the same parameters on both sides; a max never leaves its input's range.
        var poolInput = source.Node.Where(n => n.OpType == "MaxPool").ToDictionary(n => n.Output[0], n => n.Input[0]);

        void QuantizeActivation(string tensor)
        {
            var p = poolInput.TryGetValue(tensor, out var input) && parameters.TryGetValue(input, out var same)
                ? same
                : UInt8Parameters(ranges[tensor].Min, ranges[tensor].Max);
            parameters[tensor] = p;
            string scale = g.Initializer($"{tensor}.scale", [p.Scale]);
            string zeroPoint = g.Initializer($"{tensor}.zero_point", [p.ZeroPoint]);
            string q = g.NamedNode($"{tensor}.quantized", "QuantizeLinear", [tensor, scale, zeroPoint]);
            dequantized[tensor] = g.NamedNode($"{tensor}.dequantized", "DequantizeLinear", [q, scale, zeroPoint]);
        }

        foreach (var input in source.Input.Where(i => activations.Contains(i.Name)))
            QuantizeActivation(input.Name);
        foreach (var original in source.Node)
        {
            var node = original.Clone();
            for (int i = 0; i < node.Input.Count; i++)
            {
                if (dequantized.TryGetValue(node.Input[i], out var dq)) node.Input[i] = dq;
                else if (initializers.TryGetValue(node.Input[i], out var init) && !(node.OpType == "Conv" && i > 0))
                    CopyOnce(g, init);
            }
            if (node.OpType == "Conv")
            {
                var (weight, weightScales) = QuantizeWeight(g, initializers[original.Input[1]]);
                node.Input[1] = weight;
                if (node.Input.Count > 2)
                    node.Input[2] = QuantizeBias(g, initializers[original.Input[2]], parameters[original.Input[0]].Scale, weightScales);
            }
            g.Graph.Node.Add(node);
            foreach (var output in node.Output.Where(activations.Contains))
                QuantizeActivation(output);
        }
        var quantized = model.Clone();
        quantized.Graph = g.Graph;
        return quantized;
    }

    /// <summary>Asymmetric uint8 parameters covering [min, max] and 0.</summary>
    internal static (float Scale, byte ZeroPoint) UInt8Parameters(float min, float max)
    {
        min = Math.Min(min, 0);
        max = Math.Max(max, 0);
        if (max - min < 1e-12f) return (1, 0);
        float scale = (max - min) / 255;
        return (scale, (byte)Math.Clamp(MathF.Round(-min / scale), 0, 255));
    }

    /// <summary>Per-output-channel symmetric int8 weights (−127…127) and their dequantization.</summary>
    private static (string Dequantized, float[] Scales) QuantizeWeight(OnnxGraphBuilder g, TensorProto weight)
    {
        float[] values = Floats(weight);
        int channels = (int)weight.Dims[0], perChannel = values.Length / channels;
        var scales = new float[channels];
        var quantized = new sbyte[values.Length];
        for (int c = 0; c < channels; c++)
        {
            var slice = values.AsSpan(c * perChannel, perChannel);
            float absMax = 0;
            foreach (float v in slice) absMax = Math.Max(absMax, Math.Abs(v));
            scales[c] = absMax > 0 ? absMax / 127 : 1;
            for (int i = 0; i < perChannel; i++)
                quantized[c * perChannel + i] = (sbyte)Math.Clamp(MathF.Round(slice[i] / scales[c]), -127, 127);
        }
        string q = g.Initializer($"{weight.Name}.int8", quantized, weight.Dims.ToArray());
        string scale = g.Initializer($"{weight.Name}.scale", scales, channels);
        string zeroPoint = g.Initializer($"{weight.Name}.zero_point", new sbyte[channels], channels);
        return (g.Node("DequantizeLinear", [q, scale, zeroPoint], OnnxGraphBuilder.Int("axis", 0)), scales);
    }

    /// <summary>int32 bias at scale input scale × weight scale (per channel), zero point 0.</summary>
    private static string QuantizeBias(OnnxGraphBuilder g, TensorProto bias, float inputScale, float[] weightScales)
    {
        float[] values = Floats(bias);
        var scales = weightScales.Select(s => s * inputScale).ToArray();
        var quantized = values.Select((v, c) => (int)Math.Clamp(Math.Round(v / scales[c]), int.MinValue, int.MaxValue)).ToArray();
        string q = g.Initializer($"{bias.Name}.int32", quantized, values.Length);
        string scale = g.Initializer($"{bias.Name}.scale", scales, values.Length);
        string zeroPoint = g.Initializer($"{bias.Name}.zero_point", new int[values.Length], values.Length);
        return g.Node("DequantizeLinear", [q, scale, zeroPoint], OnnxGraphBuilder.Int("axis", 0));
    }

    private static void CopyOnce(OnnxGraphBuilder g, TensorProto initializer)
    {
        if (g.Graph.Initializer.All(t => t.Name != initializer.Name)) g.Graph.Initializer.Add(initializer.Clone());
    }

    private static float[] Floats(TensorProto tensor) =>
        System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(tensor.RawData.Span).ToArray();
}
