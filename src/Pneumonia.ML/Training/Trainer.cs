using System.Diagnostics;
using Pneumonia.ML.Data;
using Pneumonia.ML.Evaluation;
using Pneumonia.ML.Models;
using Pneumonia.ML.Models.Architectures;
using Pneumonia.ML.Native;
using Pneumonia.ML.Quantization;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pneumonia.ML.Training;

/// <summary>
/// The training loop: split by patient, decode once, then epochs of shuffled (and maybe augmented) batches, each
/// inside a dispose scope (optionally averaging the weights as it goes, <see cref="WeightAverage"/>); validation after
/// every epoch, early stopping with the best epoch restored, and the threshold chosen on validation. Every random draw comes from generators seeded by (seed, epoch), so a run resumed
/// from an epoch checkpoint reaches the same weights as an uninterrupted one.
/// </summary>
internal static class Trainer
{
    public sealed record Result(
        nn.Module<Tensor, Tensor> Network,
        IReadOnlyList<PneumoniaEpochSummary> History,
        int BestEpoch,
        double Threshold,
        PneumoniaThresholdOrigin ThresholdOrigin,
        PneumoniaMetrics? Validation,
        IReadOnlyList<PneumoniaSkippedImage> Skipped)
    {
        /// <summary>The int8 ONNX graph's activation ranges, measured on training images (see <see cref="OnnxCalibration"/>).</summary>
        public IReadOnlyDictionary<string, ActivationRange>? ActivationRanges { get; init; }

        /// <summary>Pooled features and logits of training and validation images, for the input check (<see cref="InputCheck.FeatureStatistics"/>).</summary>
        public InputCheck.FeatureSample? FeatureSample { get; init; }

        /// <summary>The validation images that were scored (the readable ones), in order; empty without validation.</summary>
        public IReadOnlyList<ImageRecord> ValidationRecords { get; init; } = [];

        /// <summary>The kept network's logit for each of <see cref="ValidationRecords"/>; empty when early stopping kept an earlier epoch.</summary>
        public float[] ValidationLogits { get; init; } = [];

        /// <summary>A softmax model's class probabilities for each of <see cref="ValidationRecords"/>; empty for the binary model.</summary>
        public float[][] ValidationClassProbabilities { get; init; } = [];
    }

    public static Result Train(
        IReadOnlyList<ImageRecord> records,
        PneumoniaTrainingOptions options,
        ImagePreprocessor preprocessor,
        IProgress<PneumoniaTrainingProgress>? progress,
        CancellationToken cancellationToken,
        NetworkOutputs? outputs = null)
    {
        (IReadOnlyList<ImageRecord> trainRecords, IReadOnlyList<ImageRecord> validationRecords) =
            PatientSplit.Split(records, options.ValidationFraction, options.Seed);
        return Train(trainRecords, validationRecords, Checkpoint.FingerprintOf(options, records), options, preprocessor, progress, cancellationToken,
            outputs: outputs);
    }

    /// <summary>
    /// Trains on <paramref name="trainRecords"/>, validating on <paramref name="validationRecords"/> (which may be empty);
    /// <paramref name="fingerprint"/> is what a checkpoint must have been written for (<see cref="Checkpoint.FingerprintOf"/>).
    /// The checkpoint is deleted once training ends unless <paramref name="keepCheckpoint"/> (cross-validation keeps each
    /// finished fold's, so that a run stopped in a later fold does not train the earlier ones again). With
    /// <paramref name="outputs"/> of more than one class, the network has a softmax head trained with class-weighted
    /// cross-entropy on <see cref="ImageRecord.Class"/>; validation, the threshold and the best epoch still read the
    /// pneumonia probability 1 − P(reference class), except that the best epoch is the one of least multi-class log-loss.
    /// Unless <paramref name="validateEachEpoch"/>, the validation images are scored after the last epoch only (cross-validation:
    /// nothing is chosen on its held-out fold, so scoring it after every epoch would only cost time).
    /// </summary>
    public static Result Train(
        IReadOnlyList<ImageRecord> trainRecords,
        IReadOnlyList<ImageRecord> validationRecords,
        string fingerprint,
        PneumoniaTrainingOptions options,
        ImagePreprocessor preprocessor,
        IProgress<PneumoniaTrainingProgress>? progress,
        CancellationToken cancellationToken,
        bool keepCheckpoint = false,
        NetworkOutputs? outputs = null,
        bool validateEachEpoch = true)
    {
        NetworkOutputs heads = outputs ?? NetworkOutputs.Binary;
        var clock = Stopwatch.StartNew();
        using IDisposable? heap = options.ReuseLargeBlocks ? LargeBlockReuse.Enter() : null; // every step frees and reallocates the same large activations
        List<PneumoniaSkippedImage>? skipped = options.SkipUnreadableImages ? new() : null;
        DecodedImages train = preprocessor.Decode(trainRecords, skipped, cancellationToken);
        DecodedImages? validation = validationRecords.Count > 0 ? preprocessor.Decode(validationRecords, skipped, cancellationToken) : null;
        if (train.Records.Count(r => r.Label) == 0 || train.Records.All(r => r.Label))
            throw new InvalidDatasetException(Path.GetDirectoryName(Path.GetDirectoryName(trainRecords[0].ImagePath)) ?? "",
                "after leaving out unreadable images, the training split lacks a class.");
        if (heads.IsMulticlass && Enumerable.Range(0, heads.Count).FirstOrDefault(c => !train.Records.Any(r => r.Class == c), -1) is int missing and >= 0)
            throw new InvalidDatasetException(Path.GetDirectoryName(Path.GetDirectoryName(trainRecords[0].ImagePath)) ?? "",
                $"after the validation split and leaving out unreadable images, the training split has no image of class {missing}.");
        bool[] validationLabels = validation?.Records.Select(r => r.Label).ToArray() ?? [];
        int[] validationClasses = validation?.Records.Select(r => r.Class).ToArray() ?? [];

        nn.Module<Tensor, Tensor> network = NetworkFactory.Create(options.Architecture, options.ImageSize, options.Seed, outputs: heads);
        try
        {
            int batches = (train.Count + options.BatchSize - 1) / options.BatchSize;
            using OptimizerHelper optimizer = CreateOptimizer(network, options);
            var state = new Checkpoint(fingerprint, 0, [], 0, double.PositiveInfinity, null);
            byte[]? bestWeights = null, averageWeights = null;
            if (options.CheckpointPath is { } checkpointPath && File.Exists(checkpointPath))
                (state, bestWeights, averageWeights) = Resume(checkpointPath, fingerprint, network, optimizer);
            ChannelsLast.Apply(network); // after the optimiser exists, so its state keeps the ordinary layout it saves in
            using WeightAverage? average = options.WeightAverageDecay > 0
                ? new WeightAverage(network, NetworkFactory.Create(options.Architecture, options.ImageSize, pretrained: false, outputs: heads),
                    options.WeightAverageDecay, (long)state.CompletedEpochs * batches)
                : null;
            if (average is not null && averageWeights is not null) Restore(average.Module, averageWeights);

            optim.lr_scheduler.LRScheduler? schedule = options.LearningRateSchedule == PneumoniaLearningRateSchedule.OneCycle
                ? optim.lr_scheduler.OneCycleLR(optimizer, options.EffectiveLearningRate, total_steps: options.Epochs * batches,
                    pct_start: 0.2, cycle_momentum: false)
                : null;
            for (int step = 0; step < state.CompletedEpochs * batches; step++) schedule?.step();
            (float negativeWeight, float positiveWeight) = ClassWeights(train, options.BalanceClasses);
            using Tensor? classWeights = heads.IsMulticlass ? tensor(MulticlassWeights(train, heads.Count, options.BalanceClasses)) : null;

            float[]? lastLogits = null; // the last trained epoch's validation logits, which Finish reuses
            for (int epoch = state.CompletedEpochs + 1; epoch <= options.Epochs && !ShouldStop(state, options, validation); epoch++)
            {
                network.train();
                int[] order = Enumerable.Range(0, train.Count).ToArray();
                new Random(EpochSeed(options.Seed, epoch)).Shuffle(order);
                using var generator = new Generator((ulong)EpochSeed(options.Seed, epoch), device: CPU);
                SeededDropout.Seed(network, generator);
                double lossSum = 0;
                long correct = 0;
                int seen = 0;
                for (int batch = 0; batch < batches; batch++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    int start = batch * options.BatchSize;
                    int count = Math.Min(options.BatchSize, train.Count - start);
                    using (CollectionFreeStep.Enter(count, options.ImageSize)) // no finalizer frees a scalar libtorch still reads
                    using (var scope = NewDisposeScope())
                    {
                        ReadOnlySpan<int> indices = order.AsSpan(start, count);
                        Tensor images = TensorBatch.Images(train, indices);
                        if (options.Augment) images = Augmentation.Apply(images, generator, options.SiteShiftAugmentation, options.SiteShiftVersion);
                        Mixup? mixup = options.MixupAlpha > 0 ? Mixup.Draw(count, options.MixupAlpha, generator) : null;
                        if (mixup is not null) images = mixup.Blend(images);
                        optimizer.zero_grad();
                        Tensor loss;
                        if (classWeights is null)
                        {
                            Tensor labels = TensorBatch.Labels(train, indices);
                            Tensor weights = labels * (positiveWeight - negativeWeight) + negativeWeight;
                            Tensor targets = SmoothedTargets(labels, options.LabelSmoothing);
                            Tensor logits = network.call(ChannelsLast.Of(images));
                            Tensor Loss(Tensor? order) => nn.functional.binary_cross_entropy_with_logits(logits,
                                order is null ? targets : targets.index_select(0, order), order is null ? weights : weights.index_select(0, order));
                            loss = mixup is null ? Loss(null) : mixup.Loss(Loss);
                            correct += logits.ge(0).eq(labels.ge(0.5f)).sum().item<long>();
                        }
                        else
                        {
                            Tensor classes = TensorBatch.Classes(train, indices);
                            Tensor classLogits = ((IClassLogitsNetwork)network).ForwardClasses(ChannelsLast.Of(images));
                            Tensor Loss(Tensor? order) => nn.functional.cross_entropy(classLogits,
                                order is null ? classes : classes.index_select(0, order), classWeights, label_smoothing: options.LabelSmoothing);
                            loss = mixup is null ? Loss(null) : mixup.Loss(Loss);
                            correct += classLogits.argmax(1).eq(classes).sum().item<long>();
                        }
                        loss.backward();
                        optimizer.step();
                        schedule?.step();
                        average?.Update(network);

                        lossSum += loss.item<float>() * count;
                        seen += count;
                    }
                    ScalarRelease.AfterStep(); // the step's native scalars, before the next step allocates (see ScalarRelease)
                    progress?.Report(new PneumoniaTrainingProgress(PneumoniaTrainingStage.Batch, epoch, options.Epochs,
                        batch + 1, batches, lossSum / seen, (double)correct / seen, null, clock.Elapsed));
                }

                average?.Swap(network); // validated, kept as the best epoch and returned: the average
                PneumoniaMetrics? validationMetrics = null;
                float[]? probabilities = null;
                double validationLoss = double.NaN;
                if (validation is not null && (validateEachEpoch || epoch == options.Epochs))
                {
                    network.eval();
                    if (heads.IsMulticlass)
                    {
                        float[][] classProbabilities = Scorer.ClassProbabilities(network, validation, options.BatchSize, cancellationToken, ChannelsLast.Of);
                        probabilities = classProbabilities.Select(p => 1 - p[heads.Negative]).ToArray();
                        validationLoss = MulticlassMetricsCalculator.LogLoss(validationClasses, classProbabilities);
                    }
                    else
                    {
                        lastLogits = Scorer.Logits(network, validation, options.BatchSize, cancellationToken, ChannelsLast.Of);
                        probabilities = Scorer.Sigmoid(lastLogits);
                    }
                    validationMetrics = MetricsCalculator.Compute(validationLabels, probabilities, options.Threshold);
                    if (!heads.IsMulticlass) validationLoss = validationMetrics.LogLoss;
                }

                var summary = new PneumoniaEpochSummary(epoch, lossSum / seen, (double)correct / seen, validationMetrics);
                state = state with { CompletedEpochs = epoch, History = [.. state.History, summary] };
                if (validationMetrics is not null && validationLoss < state.BestLoss)
                {
                    state = state with { BestEpoch = epoch, BestLoss = validationLoss, BestProbabilities = probabilities };
                    if (options.EarlyStoppingPatience > 0) bestWeights = Snapshot(network);
                }
                average?.Swap(network); // the next epoch, and the checkpoint, go on from the trained weights
                if (options.CheckpointPath is { } path)
                    Checkpoint.Write(path, state, Snapshot(network), Snapshot(optimizer), bestWeights, average is null ? null : Snapshot(average.Module));
                progress?.Report(new PneumoniaTrainingProgress(PneumoniaTrainingStage.Epoch, epoch, options.Epochs,
                    batches, batches, summary.Loss, summary.Accuracy, validationMetrics, clock.Elapsed));
            }

            average?.Swap(network);
            Result result = Finish(network, state, bestWeights, validation, validationLabels, lastLogits, options, skipped ?? [], cancellationToken)
                with
            {
                ValidationClassProbabilities = heads.IsMulticlass && validation is not null
                    ? Scorer.ClassProbabilities(network, validation, options.BatchSize, cancellationToken, ChannelsLast.Of)
                    : [],
                ActivationRanges = OnnxCalibration.Measure(network, options.ImageSize, train.Pixels),
                FeatureSample = InputCheck.FeatureSample.Measure(network, options.ImageSize, train.Pixels, validation?.Pixels, cancellationToken),
            };
            if (!keepCheckpoint && options.CheckpointPath is { } finished && File.Exists(finished)) File.Delete(finished);
            return result;
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Whether early stopping ends the run now. A one-cycle run always finishes its cycle: while the rate is high its
    /// validation loss jumps about, and its last, low-rate epochs are the ones that settle (bench/README.md).
    /// </summary>
    internal static bool ShouldStop(Checkpoint state, PneumoniaTrainingOptions options, DecodedImages? validation) =>
        options.EarlyStoppingPatience > 0 && validation is not null &&
        options.LearningRateSchedule == PneumoniaLearningRateSchedule.Constant &&
        state.CompletedEpochs - state.BestEpoch >= options.EarlyStoppingPatience;

    /// <summary>Restores the best epoch (with early stopping), then picks the threshold on validation.</summary>
    private static Result Finish(nn.Module<Tensor, Tensor> network, Checkpoint state, byte[]? bestWeights, DecodedImages? validation,
        bool[] validationLabels, float[]? lastLogits, PneumoniaTrainingOptions options, IReadOnlyList<PneumoniaSkippedImage> skipped, CancellationToken cancellationToken)
    {
        int kept = state.CompletedEpochs;
        if (bestWeights is not null)
        {
            if (state.BestEpoch != state.CompletedEpochs) Restore(network, bestWeights);
            kept = state.BestEpoch;
        }
        network.eval();

        if (validation is null)
            return new Result(network, state.History, kept, options.Threshold,
                PneumoniaThresholdOrigin.Fixed(options.Threshold, "no validation split"), null, skipped);

        // With early stopping the network holds the best epoch's weights, whose validation scores were kept; without, the
        // last epoch's, scored at its end unless the run resumed after it.
        float[] logits = bestWeights is not null ? []
            : lastLogits ?? Scorer.Logits(network, validation, options.BatchSize, cancellationToken, ChannelsLast.Of);
        float[] probabilities = bestWeights is not null ? state.BestProbabilities! : Scorer.Sigmoid(logits);
        int patients = validation.Records.Select(r => r.PatientId).Distinct().Count();
        (double threshold, PneumoniaThresholdOrigin origin) = ThresholdSelector.Choose(options, validationLabels, probabilities,
            PneumoniaThresholdSource.ValidationSplit, patients);
        return new Result(network, state.History, kept, threshold, origin,
            MetricsCalculator.Compute(validationLabels, probabilities, threshold), skipped)
        {
            ValidationRecords = validation.Records,
            ValidationLogits = logits,
        };
    }

    private static (Checkpoint State, byte[]? BestWeights, byte[]? AverageWeights) Resume(string path, string fingerprint, nn.Module network, OptimizerHelper optimizer)
    {
        (Checkpoint state, byte[] weights, byte[] optimizerState, byte[]? bestWeights, byte[]? averageWeights) = Checkpoint.Read(path);
        if (state.Fingerprint != fingerprint)
            throw new InvalidOperationException(
                $"The checkpoint '{Path.GetFullPath(path)}' was written for other training options or other data. Delete it, or train with the options and folder it was made with.");
        Restore(network, weights);
        using var reader = new BinaryReader(new MemoryStream(optimizerState, writable: false));
        optimizer.load_state_dict(reader);
        return (state, bestWeights, averageWeights);
    }

    private static OptimizerHelper CreateOptimizer(nn.Module<Tensor, Tensor> network, PneumoniaTrainingOptions options) =>
        ArchitectureRegistry.Get(options.Architecture).CreateOptimizer(network.parameters().Where(p => p.requires_grad), options.EffectiveLearningRate);

    /// <summary>Binary targets under label smoothing ε: 0 and 1 become ε/2 and 1 − ε/2 (unchanged for ε = 0).</summary>
    internal static Tensor SmoothedTargets(Tensor labels, double smoothing) =>
        smoothing > 0 ? labels * (1 - smoothing) + smoothing / 2 : labels;

    /// <summary>Per-image loss weights making both classes count equally, or 1 and 1.</summary>
    private static (float Negative, float Positive) ClassWeights(DecodedImages train, bool balance)
    {
        int positives = train.Records.Count(r => r.Label), negatives = train.Count - positives;
        if (!balance || positives == 0 || negatives == 0) return (1f, 1f);
        return ((float)train.Count / (2 * negatives), (float)train.Count / (2 * positives));
    }

    /// <summary>Per-class loss weights making every class count equally (n / (K · n_c)), or all 1.</summary>
    private static float[] MulticlassWeights(DecodedImages train, int classes, bool balance)
    {
        var weights = new float[classes];
        for (int c = 0; c < classes; c++)
        {
            int count = train.Records.Count(r => r.Class == c);
            weights[c] = !balance || count == 0 ? 1f : (float)train.Count / (classes * count);
        }
        return weights;
    }

    private static int EpochSeed(int seed, int epoch) => unchecked(seed * 7919 + epoch);

    private static byte[] Snapshot(nn.Module network)
    {
        ChannelsLast.Remove(network);
        try
        {
            using var stream = new MemoryStream();
            network.save(stream);
            return stream.ToArray();
        }
        finally
        {
            ChannelsLast.Apply(network);
        }
    }

    private static byte[] Snapshot(OptimizerHelper optimizer)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) optimizer.save_state_dict(writer);
        return stream.ToArray();
    }

    private static void Restore(nn.Module network, byte[] weights)
    {
        ChannelsLast.Remove(network);
        using var stream = new MemoryStream(weights, writable: false);
        network.load(stream, strict: true);
        ChannelsLast.Apply(network);
    }
}
