using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Pneumonia.ML;
using Pneumonia.ML.Data;
using Pneumonia.ML.Models;
using Pneumonia.ML.Native;
using Pneumonia.ML.Persistence;
using Pneumonia.ML.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Pneumonia.Bench;

/// <summary>
/// Issue #7: the speed and memory of one architecture at one image size, measured through the library's own code
/// paths (the ones a user calls), in this order so that the first peak-memory figure is inference only:
/// the data pipeline, single-image Predict, forward passes on ready tensors, batch Predict, then training. The peak
/// resident memory is reset before the inference phase (model load and predictions) and before the training phase
/// (decoding and training batches), so each peak is that phase's own.
/// Weights do not change the cost of a dense CPU network, so the classifier is an untrained network written to a
/// temporary model file and loaded back (<see cref="PneumoniaClassifier.Load(string, PneumoniaInferenceOptions?)"/>), and training starts from the
/// library's own initialisation (ResNet18: the ImageNet weights).
/// </summary>
internal static class PerfRun
{
    public sealed record Settings(
        string Data, PneumoniaArchitecture Architecture, int ImageSize, int BatchSize,
        int WarmupBatches, int TrainBatches, bool Augment, bool FullTrainingSet,
        int PredictWarmup, int PredictRepeats, int BatchImages, int PipelineImages, int BatchRepeats, int? Threads,
        PneumoniaInferenceEngine Engine = PneumoniaInferenceEngine.TorchSharp, bool TrainOnThreadPool = false, bool SiteShifts = false);

    public sealed record Result(
        string Side, string Engine, string Architecture, int ImageSize, int BatchSize, int Threads, int InteropThreads,
        string? OmpWaitPolicy, int ProcessorCount,
        double PipelineImagesPerSecond,
        double PredictP50Ms, double PredictP95Ms, double PredictMeanMs,
        double Forward1P50Ms, double Forward1P95Ms,
        double Forward32ImagesPerSecond,
        double BatchPredictImagesPerSecond,
        double RssBeforeInferenceMb, double PeakRssInferenceMb,
        int TrainImagesInMemory, bool Augment, bool FullTrainingSet, bool TrainOnThreadPool, int TrainBatchesMeasured,
        double? TrainImagesPerSecond, double? TrainImagesPerSecondMean, double? TrainBatchP50Seconds,
        double? RssBeforeTrainingMb, double? PeakRssMb, bool PeakReset, bool SiteShifts = false);

    /// <summary>Inference batches (the classifier's scoring batch size; the peer uses the same).</summary>
    public const int InferenceBatchSize = 32;

    public static Result Run(Settings s, TextWriter log)
    {
        TorchRuntime.EnsureLoaded();
        if (s.Threads is int threads) torch.set_num_threads(threads);
        log.WriteLine($"perf {s.Architecture} {s.ImageSize} px, engine {s.Engine}, batch {s.BatchSize}, torch threads {torch.get_num_threads()}, " +
            $"OMP_WAIT_POLICY={Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") ?? "(unset)"}");

        IReadOnlyList<ImageRecord> all = ImageFolder.Read(s.Data, ImageFolder.Split.Training);
        var preprocessor = new ImagePreprocessor(s.ImageSize);

        // Data pipeline: read + decode + ML.NET resize + pixel extraction, on all cores (what training does first).
        ImageRecord[] pipelineRecords = Take(all, s.PipelineImages);
        DecodedImages decoded = null!;
        double pipeline = pipelineRecords.Length / Median(s.BatchRepeats, () => decoded = preprocessor.Decode(pipelineRecords));
        log.WriteLine($"  pipeline: {pipeline:F1} images/s (median of {s.BatchRepeats} passes over {decoded.Count} files)");

        string modelPath = WriteUntrainedModel(s.Architecture, s.ImageSize);
        (double rssBeforeInference, bool reset) = StartPhase();
        double predictP50, predictP95, predictMean, forward1P50, forward1P95, forward32, batchPredict;
        try
        {
            // The int8 engine's ranges come from a few training images (an untrained model file has none stored);
            // their values do not change its speed.
            using PneumoniaClassifier classifier = PneumoniaClassifier.Load(modelPath, new PneumoniaInferenceOptions
            {
                Engine = s.Engine,
                CalibrationFolder = s.Engine == PneumoniaInferenceEngine.OnnxRuntimeInt8 ? s.Data : null,
                CalibrationImageCount = 64,
            });
            log.WriteLine($"  loaded the model; {Rss()}");

            // Single-image Predict from JPEG bytes: decode + preprocess + forward, one call at a time.
            byte[] jpeg = File.ReadAllBytes(pipelineRecords[0].ImagePath);
            double[] predict = Time(s.PredictWarmup, s.PredictRepeats, () => classifier.Predict(jpeg));
            (predictP50, predictP95, predictMean) = (Percentile(predict, 50), Percentile(predict, 95), predict.Average());
            log.WriteLine($"  predict(byte[]): p50 {predictP50:F2} ms, p95 {predictP95:F2} ms, mean {predictMean:F2} ms ({predict.Length} calls); " + Rss());

            // The network alone on a ready image (bytes → tensor ÷ 255 → forward → sigmoid), batch 1: what the peer times.
            var one = new DecodedImages([pipelineRecords[0]], [decoded.Pixels[0]], s.ImageSize);
            double[] forward1 = Time(s.PredictWarmup, s.PredictRepeats, () => classifier.Probabilities(one));
            (forward1P50, forward1P95) = (Percentile(forward1, 50), Percentile(forward1, 95));
            log.WriteLine($"  forward batch 1: p50 {forward1P50:F2} ms, p95 {forward1P95:F2} ms; " + Rss());

            // The network alone on ready images in batches of 32 (the classifier's scoring batch).
            DecodedImages batchSet = Repeat(decoded, s.BatchImages);
            forward32 = batchSet.Count / Median(s.BatchRepeats, () => classifier.Probabilities(batchSet));
            log.WriteLine($"  forward batch {InferenceBatchSize}: {forward32:F1} images/s (median of {s.BatchRepeats} passes over {batchSet.Count} images); " + Rss());

            // Batch Predict over files: parallel decode, then batched forward.
            string[] paths = Take(all, s.BatchImages).Select(r => r.ImagePath).ToArray();
            batchPredict = paths.Length / Median(s.BatchRepeats, () => classifier.Predict(paths));
            log.WriteLine($"  Predict(paths): {batchPredict:F1} images/s (median of {s.BatchRepeats} passes over {paths.Length} files); " + Rss());
        }
        finally
        {
            File.Delete(modelPath);
        }
        double peakInference = PeakMemory.Megabytes();
        log.WriteLine($"  peak RSS of the inference phase: {peakInference:F0} MB (RSS {rssBeforeInference:F0} MB at its start)");

        decoded = null!;
        if (s.Engine != PneumoniaInferenceEngine.TorchSharp) // training runs on TorchSharp whatever the engine: measured once
        {
            return new Result("Pneumonia.ML", s.Engine.ToString(), s.Architecture.ToString(), s.ImageSize, s.BatchSize, torch.get_num_threads(),
                torch.get_num_interop_threads(), Environment.GetEnvironmentVariable("OMP_WAIT_POLICY"), Environment.ProcessorCount,
                pipeline, predictP50, predictP95, predictMean, forward1P50, forward1P95, forward32, batchPredict,
                rssBeforeInference, peakInference, 0, s.Augment, s.FullTrainingSet, s.TrainOnThreadPool, 0, null, null, null, null, null, reset);
        }
        (double rssBeforeTraining, reset) = StartPhase();
        (int inMemory, double[] batchSeconds) = Train(all, s, log);
        double trainP50 = Percentile(batchSeconds, 50);
        double train = s.BatchSize / trainP50, trainMean = s.BatchSize / batchSeconds.Average();
        double peak = PeakMemory.Megabytes();
        log.WriteLine($"  training: {train:F1} images/s (median batch {trainP50:F3} s; mean-based {trainMean:F1} images/s), " +
            $"{batchSeconds.Length} batches after {s.WarmupBatches} warm-up; {inMemory} images decoded; " +
            $"peak RSS of the training phase {peak:F0} MB (RSS {rssBeforeTraining:F0} MB at its start)");

        return new Result("Pneumonia.ML", s.Engine.ToString(), s.Architecture.ToString(), s.ImageSize, s.BatchSize, torch.get_num_threads(),
            torch.get_num_interop_threads(), Environment.GetEnvironmentVariable("OMP_WAIT_POLICY"), Environment.ProcessorCount,
            pipeline, predictP50, predictP95, predictMean, forward1P50, forward1P95, forward32, batchPredict,
            rssBeforeInference, peakInference, inMemory, s.Augment, s.FullTrainingSet, s.TrainOnThreadPool, batchSeconds.Length, train, trainMean,
            trainP50, rssBeforeTraining, peak, reset, s.SiteShifts);
    }

    public static string ToJson(Result result) => JsonSerializer.Serialize(result, new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    });

    /// <summary>
    /// The library's training loop (<see cref="Trainer"/>) on real images, stopped by cancellation after the warm-up
    /// and measured batches. Returns the images it decoded and the seconds of each measured batch (the time between
    /// two batch reports: batch tensor, augmentation if on, forward, loss, backward, optimiser step, loss read-back).
    /// </summary>
    private static (int ImagesInMemory, double[] BatchSeconds) Train(IReadOnlyList<ImageRecord> all, Settings s, TextWriter log)
    {
        int needed = s.WarmupBatches + s.TrainBatches;
        var options = new PneumoniaTrainingOptions
        {
            Architecture = s.Architecture,
            ImageSize = s.ImageSize,
            BatchSize = s.BatchSize,
            Augment = s.Augment,
            SiteShiftAugmentation = s.SiteShifts,
            MixupAlpha = 0, // like for like with the PyTorch peer
            Epochs = 1000,
            // Full training set: the default recipe's patient-level split (both halves decoded, as in a real run).
            // Otherwise just enough images for the batches, all of them for training.
            ValidationFraction = s.FullTrainingSet ? 0.2 : 0,
            EarlyStoppingPatience = 0,
        };
        IReadOnlyList<ImageRecord> records = s.FullTrainingSet
            ? all
            : Take(all, Math.Min(all.Count / s.BatchSize, needed) * s.BatchSize);
        if (records.Count < s.BatchSize)
            throw new ArgumentException($"The data folder has {all.Count} images, fewer than one batch of {s.BatchSize}.");

        var stamps = new List<TimeSpan>();
        using var stop = new CancellationTokenSource();
        var progress = new SyncProgress(p =>
        {
            if (p.Stage != PneumoniaTrainingStage.Batch) return;
            stamps.Add(p.Elapsed);
            if (stamps.Count == 1) log.WriteLine($"  training: first batch done at {p.Elapsed.TotalSeconds:F1} s (decoding included)");
            if (stamps.Count >= needed + 1) stop.Cancel(); // +1: the first stamp starts the first measured interval
        });
        options.Validate();
        try
        {
            // The loop PneumoniaClassifier.Train runs, called on the chosen records.
            // On a thread-pool thread (as in a server or under Task.Run) glibc serves allocations from another arena
            // than the main thread's, which changes what LargeBlockReuse can do (bench/README.md, "Allocation").
            Trainer.Result Run() => Trainer.Train(records, options, new ImagePreprocessor(s.ImageSize), progress, stop.Token);
            Trainer.Result result = s.TrainOnThreadPool ? Task.Run(Run).GetAwaiter().GetResult() : Run();
            result.Network.Dispose(); // only when the folder held fewer batches than asked for
        }
        catch (OperationCanceledException)
        {
        }
        return (records.Count, Intervals(stamps, s.WarmupBatches));
    }

    private static string Rss() => $"RSS {PeakMemory.CurrentMegabytes():F0} MB, peak {PeakMemory.Megabytes():F0} MB";

    /// <summary>
    /// Collects garbage and resets the peak-memory mark, so that the next phase's peak is its own (plus what stays
    /// resident from before: the runtime, libtorch, freed memory the allocators keep). Returns the RSS now.
    /// </summary>
    private static (double RssMb, bool Reset) StartPhase()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        bool reset = PeakMemory.Reset();
        return (PeakMemory.CurrentMegabytes(), reset);
    }

    private static double[] Intervals(List<TimeSpan> stamps, int warmup) =>
        Enumerable.Range(warmup + 1, Math.Max(0, stamps.Count - warmup - 1))
            .Select(i => (stamps[i] - stamps[i - 1]).TotalSeconds).ToArray();

    /// <summary>
    /// The network as training starts it (ResNet18: the ImageNet backbone and a random head; ArticleCnn: Glorot
    /// initialisation), saved as a model file and loaded back. The cost of a dense CPU network does not depend on its
    /// weights as long as no activations are denormal floats; starting weights of a real run keep that true.
    /// </summary>
    internal static string WriteUntrainedModel(PneumoniaArchitecture architecture, int imageSize)
    {
        string path = Path.Combine(Path.GetTempPath(), $"pneumonia-perf-{Environment.ProcessId}.model");
        using nn.Module<Tensor, Tensor> network = NetworkFactory.Create(architecture, imageSize, seed: 1, pretrained: true);
        using var weights = new MemoryStream();
        network.save(weights);
        var metadata = new ModelMetadata(architecture, imageSize, 0.5, PneumoniaThresholdOrigin.Fixed(0.5, "perf benchmark"), 1, [], 0, null, [], "perf");
        ModelFile.Write(path, metadata, weights.ToArray());
        return path;
    }

    /// <summary>
    /// Median seconds of <paramref name="repeats"/> timed passes after one untimed pass (the first pass at a new batch
    /// shape is slow: allocator and oneDNN caches; two untimed batches were seen not to be enough).
    /// </summary>
    private static double Median(int repeats, Action pass)
    {
        pass();
        var seconds = new double[repeats];
        for (int i = 0; i < repeats; i++)
        {
            long start = Stopwatch.GetTimestamp();
            pass();
            seconds[i] = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
        return Percentile(seconds, 50);
    }

    /// <summary>Milliseconds of each call after <paramref name="warmup"/> untimed ones.</summary>
    private static double[] Time(int warmup, int repeats, Action action)
    {
        for (int i = 0; i < warmup; i++) action();
        var times = new double[repeats];
        for (int i = 0; i < repeats; i++)
        {
            long start = Stopwatch.GetTimestamp();
            action();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        return times;
    }

    /// <summary>Percentile by linear interpolation between order statistics (numpy's default).</summary>
    internal static double Percentile(double[] values, double percent)
    {
        if (values.Length == 0) return double.NaN;
        double[] sorted = values.Order().ToArray();
        double rank = percent / 100 * (sorted.Length - 1);
        int low = (int)Math.Floor(rank), high = (int)Math.Ceiling(rank);
        return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
    }

    /// <summary>The first <paramref name="count"/> records, alternating classes so both are present.</summary>
    private static ImageRecord[] Take(IReadOnlyList<ImageRecord> records, int count)
    {
        var normal = records.Where(r => !r.Label).ToList();
        var pneumonia = records.Where(r => r.Label).ToList();
        var taken = new List<ImageRecord>(count);
        for (int i = 0; taken.Count < Math.Min(count, records.Count); i++)
        {
            if (i < normal.Count) taken.Add(normal[i]);
            if (i < pneumonia.Count && taken.Count < count) taken.Add(pneumonia[i]);
        }
        return taken.ToArray();
    }

    /// <summary><paramref name="count"/> images made by cycling through the decoded ones.</summary>
    private static DecodedImages Repeat(DecodedImages images, int count)
    {
        var records = Enumerable.Range(0, count).Select(i => images.Records[i % images.Count]).ToArray();
        var pixels = Enumerable.Range(0, count).Select(i => images.Pixels[i % images.Count]).ToArray();
        return new DecodedImages(records, pixels, images.ImageSize);
    }

    /// <summary>Calls back on the reporting thread (unlike <see cref="Progress{T}"/>, which posts).</summary>
    private sealed class SyncProgress(Action<PneumoniaTrainingProgress> report) : IProgress<PneumoniaTrainingProgress>
    {
        public void Report(PneumoniaTrainingProgress value) => report(value);
    }
}
