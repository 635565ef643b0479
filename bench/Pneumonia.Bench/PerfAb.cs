using System.Diagnostics;
using Pneumonia.ML;
using Pneumonia.ML.Models;
using Pneumonia.ML.Native;
using TorchSharp;
using static TorchSharp.torch;

namespace Pneumonia.Bench;

/// <summary>
/// A paired, interleaved comparison of two ways to run the same forward pass in one process (A, B, B, A, A, B, ...),
/// so that a noisy machine slows both alike: the median of the per-pair ratios B / A is robust where two separate
/// runs are not. A is the network in the ordinary layout (channels-last with --a-channels-last, as the library runs it) through
/// <see cref="Scorer.Probabilities(nn.Module{Tensor, Tensor}, Tensor)"/> (no_grad; a training step for
/// ChannelsLastTraining); B is a candidate. (A variant "EagerDispose", ResNet18 with intermediates disposed as soon as used, was
/// measured here and then made the library's own forward: see bench/README.md.)
/// </summary>
internal static class PerfAb
{
    public enum Variant
    {
        /// <summary>torch.inference_mode() instead of no_grad(): no version counters or autograd metadata.</summary>
        InferenceMode,

        /// <summary>The same network with bfloat16 weights and input (oneDNN's bf16 kernels; avx512_bf16 here).</summary>
        BFloat16,

        /// <summary>bfloat16 weights and input in channels-last strides (oneDNN's NHWC bf16 kernels).</summary>
        BFloat16ChannelsLast,

        /// <summary>
        /// ONNX Runtime (CPU, all graph optimisations, the same thread count) running the original ResNet18.onnx of
        /// Microsoft.ML.DnnImageFeaturizer.ResNet18 on the same input (ResNet18, 224 px, batch 1 only: the graph's
        /// input is fixed at 1×3×224×224). It returns the 512 features, not a probability; A includes the one-unit head.
        /// </summary>
        OnnxRuntime,

        /// <summary>
        /// Channels-last (NHWC) strides for the input and every conv weight, made with permute + contiguous + permute
        /// (TorchSharp 0.107 has no memory-format argument); libtorch picks oneDNN's NHWC convolutions from the strides.
        /// </summary>
        ChannelsLast,

        /// <summary>Channels-last strides for the input only; the weights keep their layout.</summary>
        ChannelsLastInput,

        /// <summary>
        /// A training step (forward in training mode, BCE on logits, backward, AdamW step) with contiguous weights and
        /// input (A) against the same step with channels-last weights and input (B); each side has its own optimiser.
        /// </summary>
        ChannelsLastTraining,
    }

    public sealed record Result(
        string Architecture, int ImageSize, int Batch, string Variant, bool AChannelsLast, int Threads, string? OmpWaitPolicy, int Pairs,
        double AMedianMs, double BMedianMs, double RatioMedian, double RatioP25, double RatioP75, double BFasterShare,
        double APeakGrowthMb, double BPeakGrowthMb, double? MaxProbabilityDifference);

    public static Result Run(PneumoniaArchitecture architecture, int imageSize, int batchSize, Variant variant, int pairs,
        int warmup, int? threads, bool peakFirstB, bool aChannelsLast, TextWriter log)
    {
        if (aChannelsLast && variant is Variant.ChannelsLast or Variant.ChannelsLastInput or Variant.ChannelsLastTraining)
            throw new ArgumentException($"--a-channels-last compares against the channels-last layout; {variant} is that layout itself.");
        TorchRuntime.EnsureLoaded();
        if (threads is int t) torch.set_num_threads(t);
        using nn.Module<Tensor, Tensor> network = NetworkFactory.Create(architecture, imageSize, seed: 1, pretrained: true);
        network.eval();
        var pixels = new byte[batchSize * 3 * imageSize * imageSize];
        new Random(1).NextBytes(pixels);
        using Tensor batch = tensor(pixels, [batchSize, 3, imageSize, imageSize], dtype: ScalarType.Byte)
            .to_type(ScalarType.Float32).div_(255f);

        // B's own copy of the network, for the variants that change its weights' type or layout.
        bool training = variant == Variant.ChannelsLastTraining;
        using nn.Module<Tensor, Tensor>? candidate = variant is Variant.InferenceMode or Variant.OnnxRuntime
            ? null
            : NetworkFactory.Create(architecture, imageSize, seed: 1, pretrained: true);
        candidate?.eval();
        if (variant is Variant.BFloat16 or Variant.BFloat16ChannelsLast) candidate!.to(ScalarType.BFloat16);
        if (variant is Variant.ChannelsLast or Variant.ChannelsLastTraining or Variant.BFloat16ChannelsLast)
            ChannelsLast.Apply(candidate!);
        using Tensor channelsLastBatch = ChannelsLast.Of(batch);
        if (aChannelsLast) ChannelsLast.Apply(network);
        Tensor aBatch = aChannelsLast ? channelsLastBatch : batch;
        using OnnxRuntimeResNet18? onnx = variant == Variant.OnnxRuntime
            ? new OnnxRuntimeResNet18(architecture, imageSize, batchSize, torch.get_num_threads())
            : null;

        if (training) { network.train(); candidate!.train(); }
        using Tensor labels = arange(batchSize).remainder(2).to_type(ScalarType.Float32);
        using optim.Optimizer? optimizerA = training ? optim.AdamW(network.parameters().Where(p => p.requires_grad), lr: 1e-4) : null;
        using optim.Optimizer? optimizerB = training ? optim.AdamW(candidate!.parameters().Where(p => p.requires_grad), lr: 1e-4) : null;
        float[] Step(nn.Module<Tensor, Tensor> net, optim.Optimizer optimizer, Tensor input)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            Tensor logits = net.forward(input).flatten();
            nn.functional.binary_cross_entropy_with_logits(logits, labels).backward();
            optimizer.step();
            return logits.detach().sigmoid().data<float>().ToArray();
        }

        float[] A() => training ? Step(network, optimizerA!, aBatch) : Scorer.Probabilities(network, aBatch);
        float[] B()
        {
            if (training) return Step(candidate!, optimizerB!, channelsLastBatch);
            using var scope = NewDisposeScope();
            switch (variant)
            {
                case Variant.InferenceMode:
                    using (var mode = inference_mode())
                        return network.forward(aBatch).sigmoid().data<float>().ToArray();
                case Variant.OnnxRuntime:
                    return onnx!.Features(network, batch);
                case Variant.ChannelsLast:
                case Variant.ChannelsLastInput:
                    using (var noGrad = no_grad())
                        return candidate!.forward(channelsLastBatch).sigmoid().data<float>().ToArray();
                default: // BFloat16, BFloat16ChannelsLast
                    Tensor input = variant == Variant.BFloat16ChannelsLast ? channelsLastBatch : batch;
                    using (var noGrad = no_grad())
                        return candidate!.forward(input.to_type(ScalarType.BFloat16)).to_type(ScalarType.Float32)
                            .sigmoid().data<float>().ToArray();
            }
        }

        // Peak memory of one call each, first thing in the process: growth of VmHWM over the RSS before the call. The
        // second variant measured may reuse memory the first left with the allocator, so compare the first figures
        // of two runs with the two orders (--peak-first).
        double aPeak, bPeak;
        if (peakFirstB) { bPeak = PeakGrowth(() => B()); aPeak = PeakGrowth(() => A()); }
        else { aPeak = PeakGrowth(() => A()); bPeak = PeakGrowth(() => B()); }

        float[] a = A(), b = B();
        double? maxDifference = variant == Variant.OnnxRuntime ? null : a.Zip(b, (x, y) => (double)Math.Abs(x - y)).Max();
        if (variant == Variant.InferenceMode && maxDifference != 0)
            throw new InvalidOperationException("The variants disagree on the probabilities.");
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
        var result = new Result(architecture.ToString(), imageSize, batchSize, variant.ToString(), aChannelsLast, torch.get_num_threads(),
            Environment.GetEnvironmentVariable("OMP_WAIT_POLICY"), pairs,
            PerfRun.Percentile(aMs, 50), PerfRun.Percentile(bMs, 50),
            PerfRun.Percentile(ratios, 50), PerfRun.Percentile(ratios, 25), PerfRun.Percentile(ratios, 75),
            ratios.Count(r => r < 1) / (double)pairs, aPeak, bPeak, maxDifference);
        log.WriteLine($"perf-ab {architecture} {imageSize} px batch {batchSize}: A ({(training ? "contiguous training step" : aChannelsLast ? "no_grad, channels-last" : "no_grad")}) {result.AMedianMs:F2} ms, " +
            $"B ({variant}) {result.BMedianMs:F2} ms; B/A median {result.RatioMedian:F3} (IQR {result.RatioP25:F3}–{result.RatioP75:F3}), " +
            $"B faster in {result.BFasterShare:P0} of {pairs} pairs; peak growth of the first call: A {aPeak:F0} MB, B {bPeak:F0} MB " +
            $"(measured {(peakFirstB ? "B" : "A")} first); largest probability difference {maxDifference?.ToString("G3") ?? "n/a (features)"}");
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

    private static double Time(Action action)
    {
        long start = Stopwatch.GetTimestamp();
        action();
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }
}
