using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using F = TorchSharp.torch.nn.functional;

namespace Pneumonia.ML.Pretrained;

/// <summary>
/// TorchSharp port of the ImageNet ResNet18 that ships in the NuGet package
/// <c>Microsoft.ML.DnnImageFeaturizer.ResNet18</c> 0.23.1 (a CNTK 2.6 export, ONNX opset 8).
/// Load the pretrained weights with <see cref="OnnxResNet18Weights"/>.
/// </summary>
/// <remarks>
/// <para>Input: float N×3×H×W, RGB in [0, 1]. Output: N×512 features (global average pool).</para>
/// <para>Layout (22 conv, each without bias and followed by batch norm, eps 1e-5):</para>
/// <code>
/// rgb → ×255, RGB→BGR, − mean image → conv 7×7/2 (64) → BN → ReLU → max-pool 3×3/2
///     → layer1: 2 blocks × 64     (identity shortcuts)
///     → layer2: 2 blocks × 128    (first: stride 2, 1×1/2 conv + BN shortcut)
///     → layer3: 2 blocks × 256    (idem)
///     → layer4: 3 blocks × 512    (idem; one block more than torchvision's ResNet18)
///     → global average pool → 512
/// block: x → [pad] conv 3×3/s → BN → ReLU → conv 3×3 → BN → (+ shortcut(x)) → ReLU
/// </code>
/// <para>
/// CNTK pads "same" and puts the odd pixel at the top/left: at 224 px the stem conv pads (top, left, bottom, right)
/// = (3, 3, 2, 2), and every stride-2 3×3 conv and the max-pool pad (1, 1, 0, 0). <see cref="PadSame"/> reproduces
/// that rule for any input size; the stride-1 3×3 convs pad 1 on every side (Conv2d padding: 1).
/// </para>
/// <para>
/// The mean image (BGR, 0–255, 1×3×224×224, from ResNetPreprocess.onnx; per-channel means B 103.1, G 115.9,
/// R 123.2, spatial std 3–6) is a buffer. For inputs other than 224×224 it is resized bilinearly
/// (align_corners = false) to H×W.
/// </para>
/// </remarks>
internal sealed class ResNet18Onnx : Module<Tensor, Tensor>
{
    /// <summary>Length of the feature vector returned by <see cref="forward"/>.</summary>
    public const int FeatureCount = 512;

    /// <summary>Side of the square input the ONNX model was exported for (and of the stored mean image).</summary>
    public const int NativeSize = 224;

    private readonly Tensor meanImage;
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Sequential layer1;
    private readonly Sequential layer2;
    private readonly Sequential layer3;
    private readonly Sequential layer4;

    /// <summary>Creates the network with random weights and a zero mean image; see <see cref="OnnxResNet18Weights"/>.</summary>
    public ResNet18Onnx() : base(nameof(ResNet18Onnx))
    {
        meanImage = zeros(1, 3, NativeSize, NativeSize);
        conv1 = Conv2d(3, 64, 7, stride: 2, bias: false);
        bn1 = BatchNorm2d(64, eps: BatchNormEpsilon);
        layer1 = Sequential(new BasicBlock(64, 64, 1), new BasicBlock(64, 64, 1));
        layer2 = Sequential(new BasicBlock(64, 128, 2), new BasicBlock(128, 128, 1));
        layer3 = Sequential(new BasicBlock(128, 256, 2), new BasicBlock(256, 256, 1));
        layer4 = Sequential(new BasicBlock(256, 512, 2), new BasicBlock(512, 512, 1), new BasicBlock(512, 512, 1));
        RegisterComponents();
    }

    /// <summary>Epsilon of every BatchNormalization node in the ONNX graph.</summary>
    internal const double BatchNormEpsilon = 1e-5;

    /// <summary>The BGR 0–255 mean image buffer (1×3×224×224).</summary>
    internal Tensor MeanImage => meanImage;

    /// <summary>The stem convolution and its batch norm.</summary>
    internal (Conv2d Conv, BatchNorm2d Norm) Stem => (conv1, bn1);

    /// <summary>The nine residual blocks in execution order (layer1.0 … layer4.2).</summary>
    internal IReadOnlyList<BasicBlock> Blocks =>
        new[] { layer1, layer2, layer3, layer4 }.SelectMany(layer => layer.children().Cast<BasicBlock>()).ToList();

    /// <summary>Maps RGB [0, 1] N×3×H×W to N×512 features.</summary>
    public override Tensor forward(Tensor rgb) =>
        Then(FeatureMap(rgb), map => F.adaptive_avg_pool2d(map, 1)).flatten(1); // = AveragePool 7×7 at 224 px

    /// <summary>The last convolutional feature map (layer4's output, N×512×H/32×W/32), before global pooling.</summary>
    /// <remarks>
    /// Every intermediate tensor is disposed as soon as the next exists (autograd keeps what backward needs), rather
    /// than when the caller's dispose scope ends: scoring a batch of 32 at 224 px then peaks at about 0.2 GB of
    /// activations instead of 1.2 GB, and runs a few percent faster (bench/README.md, "perf-ab").
    /// </remarks>
    internal Tensor FeatureMap(Tensor rgb)
    {
        var x = ToOnnxInput(rgb);
        x = Then(x, t => PadSame(t, 7, 2));                                   // pads (3, 3, 2, 2) at 224 px
        x = Then(x, conv1.call);
        x = Then(x, bn1.call).relu_();
        x = Then(x, t => PadSame(t, 3, 2, double.NegativeInfinity));         // pads (1, 1, 0, 0)
        x = Then(x, t => F.max_pool2d(t, 3, 2));
        x = Then(x, layer1.call);
        x = Then(x, layer2.call);
        x = Then(x, layer3.call);
        return Then(x, layer4.call);
    }

    /// <summary><paramref name="step"/>(<paramref name="x"/>), then <paramref name="x"/> disposed.</summary>
    private static Tensor Then(Tensor x, Func<Tensor, Tensor> step)
    {
        Tensor y = step(x);
        x.Dispose();
        return y;
    }

    /// <summary>The stem and layer1: the high-resolution layers that transfer learning leaves frozen.</summary>
    internal IEnumerable<Module> EarlyLayers() => [conv1, bn1, layer1];

    /// <summary>
    /// The ONNX model's input convention: RGB [0, 1] → BGR 0–255 minus the mean image (what ResNetPreprocess.onnx
    /// computes from RGB 0–255). The mean image is resized bilinearly when H×W is not 224×224.
    /// </summary>
    internal Tensor ToOnnxInput(Tensor rgb)
    {
        if (rgb.dim() != 4 || rgb.shape[1] != 3)
            throw new ArgumentException($"Expected N×3×H×W RGB, got [{string.Join(", ", rgb.shape)}].", nameof(rgb));
        long h = rgb.shape[2], w = rgb.shape[3];
        Tensor bgr = rgb.flip(1).mul_(255);
        if (h == NativeSize && w == NativeSize) return bgr.sub_(meanImage);
        using Tensor mean = F.interpolate(meanImage, new[] { h, w }, mode: InterpolationMode.Bilinear, align_corners: false);
        return bgr.sub_(mean);
    }

    /// <summary>(before, after) padding of CNTK's "same" rule: output = ceil(size / stride), extra pixel before.</summary>
    internal static (long Before, long After) SamePadding(long size, long kernel, long stride)
    {
        long total = Math.Max(((size + stride - 1) / stride - 1) * stride + kernel - size, 0);
        return (total - total / 2, total / 2);
    }

    /// <summary>Pads the last two dimensions with CNTK's "same" rule (see <see cref="SamePadding"/>).</summary>
    private static Tensor PadSame(Tensor x, long kernel, long stride, double value = 0)
    {
        var (top, bottom) = SamePadding(x.shape[2], kernel, stride);
        var (left, right) = SamePadding(x.shape[3], kernel, stride);
        return F.pad(x, new[] { left, right, top, bottom }, value: value);
    }

    /// <summary>Two 3×3 convs with batch norm and a residual connection (1×1/2 conv + BN when downsampling).</summary>
    internal sealed class BasicBlock : Module<Tensor, Tensor>
    {
        private readonly Conv2d conv1;
        private readonly BatchNorm2d bn1;
        private readonly Conv2d conv2;
        private readonly BatchNorm2d bn2;
        private readonly Conv2d? downsampleConv;
        private readonly BatchNorm2d? downsampleBn;

        /// <summary>Creates a block; stride 2 adds the projection shortcut.</summary>
        public BasicBlock(long inChannels, long outChannels, long stride) : base(nameof(BasicBlock))
        {
            Stride = stride;
            conv1 = Conv2d(inChannels, outChannels, 3, stride: stride, padding: stride == 1 ? 1 : 0, bias: false);
            bn1 = BatchNorm2d(outChannels, eps: BatchNormEpsilon);
            conv2 = Conv2d(outChannels, outChannels, 3, padding: 1, bias: false);
            bn2 = BatchNorm2d(outChannels, eps: BatchNormEpsilon);
            if (stride != 1 || inChannels != outChannels)
            {
                downsampleConv = Conv2d(inChannels, outChannels, 1, stride: stride, bias: false);
                downsampleBn = BatchNorm2d(outChannels, eps: BatchNormEpsilon);
            }
            RegisterComponents();
        }

        /// <summary>Stride of the first conv and of the shortcut.</summary>
        public long Stride { get; }

        /// <summary>The block's convs with their batch norms: conv1, conv2, then the shortcut if any.</summary>
        internal IEnumerable<(Conv2d Conv, BatchNorm2d Norm)> Layers()
        {
            yield return (conv1, bn1);
            yield return (conv2, bn2);
            if (downsampleConv is not null && downsampleBn is not null)
                yield return (downsampleConv, downsampleBn);
        }

        /// <summary>Whether the shortcut is a 1×1 conv + BN (otherwise identity).</summary>
        internal bool HasDownsample => downsampleConv is not null;

        /// <inheritdoc />
        /// <remarks>Intermediates are disposed as soon as they are used; ReLU and the residual add work in place.</remarks>
        public override Tensor forward(Tensor x)
        {
            Tensor? projection = downsampleConv is not null && downsampleBn is not null
                ? Then(Pointwise(x, downsampleConv, Stride), downsampleBn.call)
                : null;
            var y = Stride == 1 ? conv1.call(x) : Then(PadSame(x, 3, Stride), conv1.call); // pads (1, 1, 0, 0)
            y = Then(y, bn1.call).relu_();
            y = Then(y, conv2.call);
            y = Then(y, bn2.call);
            y.add_(projection ?? x).relu_();
            projection?.Dispose();
            return y;
        }

        /// <summary>
        /// The shortcut's 1×1 convolution as a matrix product over channels (the same numbers, to float rounding).
        /// libtorch 2.10 sends a channels-last 1×1 convolution to oneDNN's brgemm kernel (<c>brgconv_1x1:avx512_core</c>),
        /// which on AMD Zen 5 returns wrong values for 256 → 512 channels (about half the output's magnitude off) and
        /// crashes the process for some wider shapes; the matrix product is exact in either layout, and its output keeps
        /// the channels-last layout of its input.
        /// </summary>
        private static Tensor Pointwise(Tensor x, Conv2d conv, long stride)
        {
            using Tensor sampled = stride == 1 ? x.alias() : x[.., .., TensorIndex.Slice(null, null, stride), TensorIndex.Slice(null, null, stride)];
            using Tensor weight = conv.weight!.flatten(1);          // Cout × Cin
            using Tensor transposed = weight.t();                     // Cin × Cout
            using Tensor nhwc = sampled.permute(0, 2, 3, 1);          // N × H × W × Cin
            using Tensor product = nhwc.matmul(transposed);           // N × H × W × Cout
            return product.permute(0, 3, 1, 2);
        }
    }
}
