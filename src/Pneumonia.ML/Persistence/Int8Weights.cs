using System.Text;
using static TorchSharp.torch;

namespace Pneumonia.ML.Persistence;

/// <summary>
/// A compact weight format: every float32 tensor of rank ≥ 2 (convolution and linear weights) is stored as int8 in
/// groups of <see cref="GroupSize"/> consecutive values, each group with its own float32 scale (symmetric,
/// scale = max |w| / 127); other tensors (biases, batch-norm parameters and statistics, buffers) are stored exactly.
/// About 28% of the float32 size; loading dequantizes to float32.
/// </summary>
internal static class Int8Weights
{
    private const byte Exact32 = 0, Exact64 = 1, GroupedInt8 = 2;

    /// <summary>Values sharing one scale. Smaller groups follow the weights more closely and cost more scales.</summary>
    public const int GroupSize = 32;

    public static byte[] Encode(nn.Module network)
    {
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        Dictionary<string, Tensor> state = network.state_dict();
        writer.Write(state.Count);
        foreach ((string name, Tensor tensor) in state.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            writer.Write(name);
            writer.Write(tensor.dim());
            foreach (long size in tensor.shape) writer.Write(size);
            using Tensor values = tensor.detach().contiguous();
            if (values.dtype == ScalarType.Int64)
            {
                writer.Write(Exact64);
                foreach (long v in values.data<long>()) writer.Write(v);
            }
            else if (values.dtype == ScalarType.Float32 && values.dim() >= 2)
            {
                writer.Write(GroupedInt8);
                WriteInt8(writer, values);
            }
            else if (values.dtype == ScalarType.Float32)
            {
                writer.Write(Exact32);
                foreach (float v in values.data<float>()) writer.Write(v);
            }
            else
            {
                throw new NotSupportedException($"Tensor '{name}' has type {values.dtype}, which the int8 format does not store.");
            }
        }
        writer.Flush();
        return stream.ToArray();
    }

    /// <summary>
    /// Loads int8-format weights into <paramref name="network"/>. Every tensor's name and shape is checked against the
    /// network before its values are read, so a file cannot make this allocate more than the network's own size.
    /// </summary>
    /// <exception cref="InvalidDataException">The weights do not fit the network; the message names the tensor.</exception>
    /// <exception cref="EndOfStreamException">The weights end early.</exception>
    public static void Decode(nn.Module network, byte[] bytes)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes, writable: false), Encoding.UTF8);
        Dictionary<string, Tensor> expected = network.state_dict();
        int count = reader.ReadInt32();
        if (count != expected.Count) throw new InvalidDataException($"they hold {count} tensors and the network has {expected.Count}");
        var state = new Dictionary<string, Tensor>();
        try
        {
            for (int i = 0; i < count; i++)
            {
                string name = reader.ReadString();
                if (!expected.TryGetValue(name, out Tensor? target) || state.ContainsKey(name))
                    throw new InvalidDataException($"tensor '{name}' is not a tensor of the network, or comes twice");
                long rank = reader.ReadInt64();
                if (rank != target.dim())
                    throw new InvalidDataException($"tensor '{name}' has rank {rank} and the network needs {target.dim()}");
                long[] shape = new long[rank];
                for (int d = 0; d < shape.Length; d++) shape[d] = reader.ReadInt64();
                if (!shape.SequenceEqual(target.shape))
                    throw new InvalidDataException($"tensor '{name}' has shape [{string.Join(", ", shape)}] and the network needs [{string.Join(", ", target.shape)}]");
                long numel = target.numel();
                state[name] = reader.ReadByte() switch
                {
                    Exact64 => tensor(Enumerable.Range(0, (int)numel).Select(_ => reader.ReadInt64()).ToArray(), shape),
                    Exact32 => tensor(Enumerable.Range(0, (int)numel).Select(_ => reader.ReadSingle()).ToArray(), shape),
                    GroupedInt8 => ReadInt8(reader, shape, numel),
                    var kind => throw new InvalidDataException($"tensor '{name}' has an unknown encoding ({kind})"),
                };
            }
            if (reader.BaseStream.Position != bytes.Length) throw new InvalidDataException("bytes follow the last tensor");
            network.load_state_dict(state, strict: true);
        }
        finally
        {
            foreach (Tensor t in state.Values) t.Dispose();
        }
    }

    private static void WriteInt8(BinaryWriter writer, Tensor weights)
    {
        float[] values = weights.data<float>().ToArray();
        for (int start = 0; start < values.Length; start += GroupSize)
        {
            var group = values.AsSpan(start, Math.Min(GroupSize, values.Length - start));
            float max = 0;
            foreach (float v in group) max = Math.Max(max, Math.Abs(v));
            float scale = max == 0 ? 1 : max / 127f;
            writer.Write(scale);
            foreach (float v in group) writer.Write((sbyte)Math.Clamp(MathF.Round(v / scale), -127, 127));
        }
    }

    private static Tensor ReadInt8(BinaryReader reader, long[] shape, long numel)
    {
        var values = new float[numel];
        for (int start = 0; start < values.Length; start += GroupSize)
        {
            float scale = reader.ReadSingle();
            int end = Math.Min(start + GroupSize, values.Length);
            for (int k = start; k < end; k++) values[k] = (sbyte)reader.ReadByte() * scale;
        }
        return tensor(values, shape);
    }
}
