using System.Diagnostics;
using Pneumonia.ML;
using Pneumonia.ML.Data;
using Pneumonia.ML.Models;
using Pneumonia.ML.Native;
using TorchSharp;
using static TorchSharp.torch;

namespace Pneumonia.Bench;

/// <summary>
/// A paired, interleaved comparison of two ways to run the same forward pass in one process (A, B, B, A, A, B, ...),
/// so that a noisy machine slows both alike: the median of the per-pair ratios B / A is robust where two separate
/// runs are not. A is what the library does (<see cref="Scorer.Probabilities(nn.Module{Tensor, Tensor}, Tensor)"/>:
/// no_grad); B is a candidate.
/// </summary>
internal static class PerfAb
{
    public enum Variant
    {
        /// <summary>torch.inference_mode() instead of no_grad(): no version counters or autograd metadata.</summary>
        InferenceMode,

        /// <summary>
        /// ResNet18 backbone only (A: <see cref="ResNet18Onnx.forward"/>): every intermediate tensor disposed as soon as
        /// the next one exists, and ReLU / residual add in place, instead of all of them living until the caller's
        /// dispose scope ends.
        /// </summary>
        EagerDispose,
    }

    public sealed record Result(
        string Architecture, int ImageSize, int Batch, string Variant, int Threads, string? OmpWaitPolicy, int Pairs,
        double AMedianMs, double BMedianMs, double RatioMedian, double RatioP25, double RatioP75, double BFasterShare,
        double APeakGrowthMb, double BPeakGrowthMb);

    public static Result Run(PneumoniaArchitecture architecture, int imageSize, int batchSize, Variant variant, int pairs,
        int warmup, int? threads, bool peakFirstB, TextWriter log)
    {
        TorchRuntime.EnsureLoaded();
        if (threads is int t) torch.set_num_threads(t);
        if (variant == Variant.EagerDispose && architecture != PneumoniaArchitecture.ResNet18)
            throw new ArgumentException("EagerDispose is a ResNet18 variant.");
        using nn.Module<Tensor, Tensor> network = variant == Variant.EagerDispose
            ? OnnxResNet18Weights.CreatePretrained()
            : NetworkFactory.Create(architecture, imageSize, seed: 1, pretrained: true);
        network.eval();
        var pixels = new byte[batchSize * 3 * imageSize * imageSize];
        new Random(1).NextBytes(pixels);
        using Tensor batch = tensor(pixels, [batchSize, 3, imageSize, imageSize], dtype: ScalarType.Byte)
            .to_type(ScalarType.Float32).div_(255f);

        float[] A() => Scorer.Probabilities(network, batch);
        float[] B()
        {
            if (variant == Variant.EagerDispose)
            {
                using var noGrad = no_grad();
                using var scope = NewDisposeScope();
                return EagerFeatures((ResNet18Onnx)network, batch).sigmoid().data<float>().ToArray();
            }
            using var mode = inference_mode();
            using (var scope = NewDisposeScope())
                return network.forward(batch).sigmoid().data<float>().ToArray();
        }

        // Peak memory of one call each, first thing in the process: growth of VmHWM over the RSS before the call. The
        // second variant measured may reuse memory the first left with the allocator, so compare the first figures
        // of two runs with the two orders (--peak-first).
        double aPeak, bPeak;
        if (peakFirstB) { bPeak = PeakGrowth(() => B()); aPeak = PeakGrowth(() => A()); }
        else { aPeak = PeakGrowth(() => A()); bPeak = PeakGrowth(() => B()); }

        float[] a = A(), b = B();
        if (!a.SequenceEqual(b)) throw new InvalidOperationException("The variants disagree on the probabilities.");
        for (int i = 0; i < warmup; i++) { A(); B(); }

        var aMs = new double[pairs];
        var bMs = new double[pairs];
        for (int i = 0; i < pairs; i++)
        {
            // Alternate the order (AB, BA, ...) so that neither side always runs second.
            if (i % 2 == 0) { aMs[i] = Time(() => A()); bMs[i] = Time(() => B()); }
            else { bMs[i] = Time(() => B()); aMs[i] = Time(() => A()); }
        }
        double[] ratios = bMs.Zip(aMs, (x, y) => x / y).ToArray();
        var result = new Result(architecture.ToString(), imageSize, batchSize, variant.ToString(), torch.get_num_threads(),
            Environment.GetEnvironmentVariable("OMP_WAIT_POLICY"), pairs,
            PerfRun.Percentile(aMs, 50), PerfRun.Percentile(bMs, 50),
            PerfRun.Percentile(ratios, 50), PerfRun.Percentile(ratios, 25), PerfRun.Percentile(ratios, 75),
            ratios.Count(r => r < 1) / (double)pairs, aPeak, bPeak);
        log.WriteLine($"perf-ab {architecture} {imageSize} px batch {batchSize}: A (no_grad) {result.AMedianMs:F2} ms, " +
            $"B ({variant}) {result.BMedianMs:F2} ms; B/A median {result.RatioMedian:F3} (IQR {result.RatioP25:F3}–{result.RatioP75:F3}), " +
            $"B faster in {result.BFasterShare:P0} of {pairs} pairs; peak growth of the first call: A {aPeak:F0} MB, B {bPeak:F0} MB " +
            $"(measured {(peakFirstB ? "B" : "A")} first)");
        return result;
    }

    private static double PeakGrowth(Action action)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        if (!PeakMemory.Reset()) return double.NaN;
        double before = PeakMemory.CurrentMegabytes();
        action();
        return PeakMemory.Megabytes() - before;
    }

    /// <summary>
    /// <see cref="ResNet18Onnx.forward"/> computed with each intermediate disposed as soon as it has been used, and
    /// ReLU and the residual add in place (as torchvision's blocks do).
    /// </summary>
    private static Tensor EagerFeatures(ResNet18Onnx net, Tensor rgb)
    {
        long h = rgb.shape[2], w = rgb.shape[3];
        Tensor x = rgb.flip(1).mul_(255);
        if (h == ResNet18Onnx.NativeSize && w == ResNet18Onnx.NativeSize) x.sub_(net.MeanImage);
        else using (Tensor mean = nn.functional.interpolate(net.MeanImage, new[] { h, w }, mode: InterpolationMode.Bilinear, align_corners: false)) x.sub_(mean);

        (var conv, var norm) = net.Stem;
        x = Then(x, t => PadSame(t, 7, 2));
        x = Then(x, conv.call);
        x = Then(x, norm.call).relu_();
        x = Then(x, t => PadSame(t, 3, 2, double.NegativeInfinity));
        x = Then(x, t => nn.functional.max_pool2d(t, 3, 2));
        foreach (ResNet18Onnx.BasicBlock block in net.Blocks)
        {
            var layers = block.Layers().ToList();
            Tensor? shortcut = null;
            if (block.HasDownsample)
                using (Tensor d = layers[2].Conv.call(x)) shortcut = layers[2].Norm.call(d);
            Tensor y = block.Stride == 1 ? layers[0].Conv.call(x) : Then(PadSame(x, 3, block.Stride), layers[0].Conv.call);
            y = Then(y, layers[0].Norm.call).relu_();
            y = Then(y, layers[1].Conv.call);
            y = Then(y, layers[1].Norm.call);
            y.add_(shortcut ?? x).relu_();
            shortcut?.Dispose();
            x.Dispose();
            x = y;
        }
        return Then(x, t => nn.functional.adaptive_avg_pool2d(t, 1)).flatten(1);
    }

    /// <summary>f(x), then x disposed.</summary>
    private static Tensor Then(Tensor x, Func<Tensor, Tensor> f)
    {
        Tensor y = f(x);
        x.Dispose();
        return y;
    }

    private static Tensor PadSame(Tensor x, long kernel, long stride, double value = 0)
    {
        var (top, bottom) = ResNet18Onnx.SamePadding(x.shape[2], kernel, stride);
        var (left, right) = ResNet18Onnx.SamePadding(x.shape[3], kernel, stride);
        return nn.functional.pad(x, new[] { left, right, top, bottom }, value: value);
    }

    private static double Time(Action action)
    {
        long start = Stopwatch.GetTimestamp();
        action();
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }
}
