using System.Runtime.InteropServices;
using Onnx;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pneumonia.ML.Pretrained;

/// <summary>
/// Loads the ImageNet weights of <c>Microsoft.ML.DnnImageFeaturizer.ResNet18</c> (ResNet18.onnx + ResNetPreprocess.onnx)
/// into a <see cref="ResNet18Onnx"/>, by walking the ONNX graph.
/// </summary>
internal static class OnnxResNet18Weights
{
    /// <summary>NuGet package id (lower case, as in the global packages folder).</summary>
    public const string PackageId = "microsoft.ml.dnnimagefeaturizer.resnet18";

    /// <summary>The package version the port was verified against.</summary>
    public const string PackageVersion = "0.23.1";

    /// <summary>Where the package's build props copy the backbone, relative to a referencing project's output folder.</summary>
    public static readonly string ModelRelativePath = Path.Combine("DnnImageModels", "ResNet18Onnx", "ResNet18.onnx");

    /// <summary>Where the package's build props copy the preprocessing model, relative to the output folder.</summary>
    public static readonly string PreprocessRelativePath = Path.Combine("DnnImageModels", "ResNetPrepOnnx", "ResNetPreprocess.onnx");

    /// <summary>Creates a <see cref="ResNet18Onnx"/> with the pretrained weights from <see cref="LocateOnnxFiles"/>.</summary>
    public static ResNet18Onnx CreatePretrained()
    {
        var (modelPath, preprocessPath) = LocateOnnxFiles();
        var model = new ResNet18Onnx();
        try
        {
            Load(model, modelPath, preprocessPath);
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Finds ResNet18.onnx and ResNetPreprocess.onnx: first under <see cref="AppContext.BaseDirectory"/>
    /// (<c>DnnImageModels/…</c>, where the package copies them in a project that references it), then in the NuGet
    /// global packages folder (<c>NUGET_PACKAGES</c>, else <c>~/.nuget/packages</c>), version 0.23.1 first, then any other.
    /// </summary>
    /// <exception cref="FileNotFoundException">Neither location holds both files.</exception>
    public static (string ModelPath, string PreprocessPath) LocateOnnxFiles()
    {
        var roots = new List<string> { AppContext.BaseDirectory };
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        if (string.IsNullOrWhiteSpace(packages))
            packages = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var packageDir = Path.Combine(packages, PackageId);
        roots.Add(Path.Combine(packageDir, PackageVersion, "tools"));
        if (Directory.Exists(packageDir))
        {
            roots.AddRange(Directory.GetDirectories(packageDir)
                .Where(d => Path.GetFileName(d) != PackageVersion)
                .OrderByDescending(d => System.Version.TryParse(Path.GetFileName(d), out var v) ? v : new System.Version())
                .Select(d => Path.Combine(d, "tools")));
        }

        foreach (var root in roots)
        {
            string model = Path.Combine(root, ModelRelativePath), preprocess = Path.Combine(root, PreprocessRelativePath);
            if (File.Exists(model) && File.Exists(preprocess))
                return (model, preprocess);
        }
        throw new FileNotFoundException(
            $"ResNet18.onnx / ResNetPreprocess.onnx not found. Reference the NuGet package {PackageId} {PackageVersion} " +
            $"(its build props copy them to <bin>/DnnImageModels) or restore it. Searched: {string.Join("; ", roots)}");
    }

    /// <summary>
    /// Copies the ONNX initializers into <paramref name="model"/>: conv weights, batch-norm scale/bias/mean/variance
    /// and the mean image. Each Conv/BatchNormalization node is matched to its submodule by following the graph from
    /// its input through the nine residual Add nodes.
    /// </summary>
    /// <exception cref="InvalidDataException">The graphs do not have the expected structure, shapes or attributes.</exception>
    public static void Load(ResNet18Onnx model, string modelPath, string preprocessPath)
    {
        ArgumentNullException.ThrowIfNull(model);
        var graph = ParseShared(modelPath).Graph;
        var preprocess = ParseShared(preprocessPath).Graph;

        using var noGrad = torch.no_grad();
        var resnet = new GraphWalker(graph, modelPath);
        var pairs = resnet.ConvBnPairs();
        var layers = new List<(Conv2d Conv, BatchNorm2d Norm)> { model.Stem };
        layers.AddRange(model.Blocks.SelectMany(b => b.Layers()));
        Check(pairs.Count == layers.Count, modelPath, $"graph has {pairs.Count} Conv+BatchNormalization pairs on its main path, the module {layers.Count}");
        var blocks = model.Blocks;
        for (int i = 0; i < blocks.Count; i++)
        {
            Check(resnet.BlockHasDownsample[i] == blocks[i].HasDownsample, modelPath,
                $"residual block {i}: graph shortcut {(resnet.BlockHasDownsample[i] ? "conv" : "identity")}, module the other");
        }
        for (int i = 0; i < pairs.Count; i++)
            resnet.CopyConvBn(pairs[i].Conv, pairs[i].Norm, layers[i].Conv, layers[i].Norm);
        resnet.CheckAllInitializersUsed();

        var prep = new GraphWalker(preprocess, preprocessPath);
        prep.CopyMeanImage(model.MeanImage);
        prep.CheckAllInitializersUsed();
    }

    /// <summary>
    /// Parses an ONNX file opened for reading only and shared with other readers. (<c>ParseFromFile</c> opens it
    /// read-write and unshared, which on Linux takes an exclusive lock: two trainings starting at once in one process
    /// failed with "being used by another process", and a read-only packages folder could not be read at all.)
    /// </summary>
    private static ModelProto ParseShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        return ModelProto.Parser.ParseFrom(stream);
    }

    private static void Check(bool condition, string file, string message)
    {
        if (!condition)
            throw new InvalidDataException($"{Path.GetFileName(file)} does not match ResNet18Onnx: {message}.");
    }

    /// <summary>Index over one ONNX graph: producers, consumers and initializers by tensor name.</summary>
    private sealed class GraphWalker
    {
        private readonly GraphProto graph;
        private readonly string file;
        private readonly Dictionary<string, TensorProto> initializers;
        private readonly Dictionary<string, NodeProto> producers = new();
        private readonly HashSet<string> used = new();

        public GraphWalker(GraphProto graph, string file)
        {
            this.graph = graph;
            this.file = file;
            initializers = graph.Initializer.ToDictionary(t => t.Name);
            foreach (var node in graph.Node)
                foreach (var output in node.Output)
                    producers[output] = node;
        }

        public List<bool> BlockHasDownsample { get; } = new();

        /// <summary>
        /// The Conv → BatchNormalization pairs in module order: stem, then per residual block conv1, conv2 and
        /// the shortcut conv if any. Follows Input → stem → MaxPool → (block → Add → Relu)* → AveragePool.
        /// </summary>
        public List<(NodeProto Conv, NodeProto Norm)> ConvBnPairs()
        {
            var inputs = graph.Input.Where(i => !initializers.ContainsKey(i.Name)).ToList();
            Check(inputs.Count == 1, $"expected 1 graph input, found {inputs.Count}");
            var stemConv = SingleConsumer(inputs[0].Name, "Conv");
            var pairs = new List<(NodeProto, NodeProto)> { ConvBn(stemConv) };
            var stemRelu = SingleConsumer(pairs[0].Item2.Output[0], "Relu");
            var pool = SingleConsumer(stemRelu.Output[0], "MaxPool");
            CheckWindow(pool, 3, 2);

            var current = pool.Output[0]; // input of the next residual block
            while (true)
            {
                var consumers = Consumers(current).ToList();
                if (consumers.Count == 1 && consumers[0].OpType == "AveragePool")
                    break;
                var convs = consumers.Where(n => n.OpType == "Conv").ToList();
                var add = consumers.FirstOrDefault(n => n.OpType == "Add");
                Check(convs.Count is 1 or 2 && consumers.Count == convs.Count + (add is null ? 0 : 1),
                    $"unexpected consumers of {current}: {string.Join(", ", consumers.Select(n => n.OpType))}");

                // Main path: conv1 (3×3) → BN → Relu → conv2 → BN → Add; shortcut: identity or conv 1×1 → BN → Add.
                var conv1 = convs.Single(c => Kernel(c) == 3);
                var first = ConvBn(conv1);
                var second = ConvBn(SingleConsumer(SingleConsumer(first.Norm.Output[0], "Relu").Output[0], "Conv"));
                var sum = SingleConsumer(second.Norm.Output[0], "Add");
                pairs.Add(first);
                pairs.Add(second);
                var downsample = convs.SingleOrDefault(c => c != conv1);
                if (downsample is not null)
                {
                    var shortcut = ConvBn(downsample);
                    Check(sum.Input.Contains(shortcut.Norm.Output[0]), $"{sum.Name} does not add the shortcut {downsample.Name}");
                    pairs.Add(shortcut);
                }
                else
                {
                    Check(add == sum, $"{sum.Name} does not add the identity shortcut {current}");
                }
                BlockHasDownsample.Add(downsample is not null);
                current = SingleConsumer(sum.Output[0], "Relu").Output[0];
            }

            var avg = SingleConsumer(current, "AveragePool");
            Check(graph.Output.Count == 1 && graph.Output[0].Name == avg.Output[0], "AveragePool is not the graph output");
            return pairs;
        }

        public void CopyConvBn(NodeProto convNode, NodeProto bnNode, Conv2d conv, BatchNorm2d bn)
        {
            Check(convNode.Input.Count == 2 && conv.bias is null, $"{convNode.Name}: expected a conv without bias");
            Check((convNode.Attribute.FirstOrDefault(a => a.Name == "group")?.I ?? 1) == 1 && Ints(convNode, "dilations").All(d => d == 1),
                $"{convNode.Name}: groups/dilations are not 1");
            CheckWindow(convNode, Kernel(convNode), Ints(convNode, "strides")[0]);
            var eps = bnNode.Attribute.FirstOrDefault(a => a.Name == "epsilon")?.F ?? 1e-5f;
            Check(Math.Abs(eps - bn.eps) < 1e-9, $"{bnNode.Name}: epsilon {eps} vs module {bn.eps}");
            Copy(convNode.Input[1], conv.weight!, convNode.Name);
            Copy(bnNode.Input[1], bn.weight!, bnNode.Name);
            Copy(bnNode.Input[2], bn.bias!, bnNode.Name);
            Copy(bnNode.Input[3], bn.running_mean!, bnNode.Name);
            Copy(bnNode.Input[4], bn.running_var!, bnNode.Name);
        }

        /// <summary>Checks Split(RGB) → Concat(B, G, R) → Sub(MeanImage) and copies MeanImage.</summary>
        public void CopyMeanImage(Tensor meanImage)
        {
            var ops = string.Join(",", graph.Node.Select(n => n.OpType));
            Check(ops == "Split,Concat,Sub", $"expected Split, Concat, Sub nodes, found {ops}");
            var (split, concat, sub) = (graph.Node[0], graph.Node[1], graph.Node[2]);
            Check(concat.Input.SequenceEqual(split.Output.Reverse()), "Concat does not reverse the channel order (RGB → BGR)");
            Check(sub.Input[0] == concat.Output[0] && initializers.ContainsKey(sub.Input[1]), "Sub does not subtract an initializer");
            Copy(sub.Input[1], meanImage, sub.Name);
        }

        public void CheckAllInitializersUsed()
        {
            var unused = initializers.Keys.Where(k => !used.Contains(k)).ToList();
            Check(unused.Count == 0, $"{unused.Count} initializers not loaded ({string.Join(", ", unused.Take(5))})");
        }

        private void Copy(string name, Tensor target, string node)
        {
            Check(initializers.TryGetValue(name, out var proto), $"{node}: initializer {name} missing");
            Check(proto!.DataType == (int)TensorProto.Types.DataType.Float, $"{name}: data type {proto.DataType} is not float");
            Check(proto.Dims.SequenceEqual(target.shape), $"{node}: {name} has shape [{string.Join(", ", proto.Dims)}], module [{string.Join(", ", target.shape)}]");
            Check(used.Add(name), $"{name} is used twice");
            float[] data = proto.RawData.Length > 0
                ? MemoryMarshal.Cast<byte, float>(proto.RawData.Span).ToArray() // little-endian, as ONNX specifies
                : proto.FloatData.ToArray();
            Check(data.Length == target.numel(), $"{name}: {data.Length} values for shape [{string.Join(", ", proto.Dims)}]");
            using var source = torch.tensor(data, target.shape);
            target.copy_(source);
        }

        private (NodeProto Conv, NodeProto Norm) ConvBn(NodeProto conv) => (conv, SingleConsumer(conv.Output[0], "BatchNormalization"));

        private IEnumerable<NodeProto> Consumers(string tensor) => graph.Node.Where(n => n.Input.Contains(tensor));

        private NodeProto SingleConsumer(string tensor, string opType)
        {
            var nodes = Consumers(tensor).Where(n => n.OpType == opType).ToList();
            Check(nodes.Count == 1, $"expected one {opType} consuming {tensor}, found {nodes.Count}");
            return nodes[0];
        }

        private long Kernel(NodeProto node)
        {
            var k = Ints(node, "kernel_shape");
            Check(k.Count == 2 && k[0] == k[1], $"{node.Name}: kernel_shape [{string.Join(", ", k)}] is not square");
            return k[0];
        }

        /// <summary>Square kernel/stride, and ONNX pads (top, left, bottom, right) = CNTK "same" at even sizes.</summary>
        private void CheckWindow(NodeProto node, long kernel, long stride)
        {
            var (before, after) = ResNet18Onnx.SamePadding(ResNet18Onnx.NativeSize, kernel, stride);
            var pads = Ints(node, "pads").DefaultIfEmpty(0).ToList();
            Check(Kernel(node) == kernel && Ints(node, "strides").SequenceEqual(new[] { stride, stride }),
                $"{node.Name}: expected kernel {kernel}, stride {stride}");
            Check(pads.SequenceEqual(new[] { before, before, after, after }) || (before == 0 && after == 0 && pads.All(p => p == 0)),
                $"{node.Name}: pads [{string.Join(", ", pads)}], expected [{before}, {before}, {after}, {after}]");
        }

        private static IList<long> Ints(NodeProto node, string attribute) =>
            node.Attribute.FirstOrDefault(a => a.Name == attribute)?.Ints ?? (IList<long>)Array.Empty<long>();

        private void Check(bool condition, string message) => OnnxResNet18Weights.Check(condition, file, message);
    }
}
