using System.Diagnostics;
using Pneumonia.ML.Data;
using Pneumonia.ML.Evaluation;
using Pneumonia.ML.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pneumonia.ML.Training;

/// <summary>
/// The training loop: split by patient, decode once, then epochs of shuffled (and maybe augmented) batches, each
/// inside a dispose scope; validation after every epoch, early stopping with the best epoch restored, and the
/// threshold chosen on validation. Every random draw comes from generators seeded by (seed, epoch).
/// </summary>
internal static class Trainer
{
    public sealed record Result(
        nn.Module<Tensor, Tensor> Network,
        IReadOnlyList<PneumoniaEpochSummary> History,
        int BestEpoch,
        double Threshold,
        string ThresholdChoice,
        PneumoniaMetrics? Validation);

    public static Result Train(
        IReadOnlyList<ImageRecord> records,
        PneumoniaTrainingOptions options,
        ImagePreprocessor preprocessor,
        IProgress<PneumoniaTrainingProgress>? progress,
        CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        (IReadOnlyList<ImageRecord> trainRecords, IReadOnlyList<ImageRecord> validationRecords) =
            PatientSplit.Split(records, options.ValidationFraction, options.Seed);
        DecodedImages train = preprocessor.Decode(trainRecords, cancellationToken);
        DecodedImages? validation = validationRecords.Count > 0 ? preprocessor.Decode(validationRecords, cancellationToken) : null;
        bool[] validationLabels = validationRecords.Select(r => r.Label).ToArray();

        nn.Module<Tensor, Tensor> network = NetworkFactory.Create(options.Architecture, options.ImageSize, options.Seed);
        try
        {
            int batches = (train.Count + options.BatchSize - 1) / options.BatchSize;
            using var optimizer = CreateOptimizer(network, options);
            optim.lr_scheduler.LRScheduler? schedule = options.LearningRateSchedule == PneumoniaLearningRateSchedule.OneCycle
                ? optim.lr_scheduler.OneCycleLR(optimizer, options.EffectiveLearningRate, total_steps: options.Epochs * batches,
                    pct_start: 0.2, cycle_momentum: false)
                : null;
            (float negativeWeight, float positiveWeight) = ClassWeights(train, options.BalanceClasses);

            var history = new List<PneumoniaEpochSummary>();
            int bestEpoch = 0;
            double bestLoss = double.PositiveInfinity;
            byte[]? bestWeights = null;
            float[]? bestProbabilities = null;
            for (int epoch = 1; epoch <= options.Epochs; epoch++)
            {
                network.train();
                int[] order = Enumerable.Range(0, train.Count).ToArray();
                new Random(EpochSeed(options.Seed, epoch)).Shuffle(order);
                using var augmentation = new Generator((ulong)EpochSeed(options.Seed, epoch), device: CPU);
                double lossSum = 0;
                long correct = 0;
                int seen = 0;
                for (int batch = 0; batch < batches; batch++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    int start = batch * options.BatchSize;
                    int count = Math.Min(options.BatchSize, train.Count - start);
                    using (var scope = NewDisposeScope())
                    {
                        ReadOnlySpan<int> indices = order.AsSpan(start, count);
                        Tensor images = TensorBatch.Images(train, indices);
                        if (options.Augment) images = Augmentation.Apply(images, augmentation);
                        Tensor labels = TensorBatch.Labels(train, indices);
                        Tensor weights = labels * (positiveWeight - negativeWeight) + negativeWeight;

                        optimizer.zero_grad();
                        Tensor logits = network.call(images);
                        Tensor loss = nn.functional.binary_cross_entropy_with_logits(logits, labels, weights);
                        loss.backward();
                        optimizer.step();
                        schedule?.step();

                        lossSum += loss.item<float>() * count;
                        correct += logits.ge(0).eq(labels.ge(0.5f)).sum().item<long>();
                        seen += count;
                    }
                    progress?.Report(new PneumoniaTrainingProgress(PneumoniaTrainingStage.Batch, epoch, options.Epochs,
                        batch + 1, batches, lossSum / seen, (double)correct / seen, null, clock.Elapsed));
                }

                PneumoniaMetrics? validationMetrics = null;
                if (validation is not null)
                {
                    network.eval();
                    float[] probabilities = Scorer.Probabilities(network, validation, options.BatchSize, cancellationToken);
                    validationMetrics = MetricsCalculator.Compute(validationLabels, probabilities, options.Threshold);
                    if (validationMetrics.LogLoss < bestLoss)
                    {
                        bestLoss = validationMetrics.LogLoss;
                        bestEpoch = epoch;
                        bestProbabilities = probabilities;
                        if (options.EarlyStoppingPatience > 0) bestWeights = Snapshot(network);
                    }
                }

                var summary = new PneumoniaEpochSummary(epoch, lossSum / seen, (double)correct / seen, validationMetrics);
                history.Add(summary);
                progress?.Report(new PneumoniaTrainingProgress(PneumoniaTrainingStage.Epoch, epoch, options.Epochs,
                    batches, batches, summary.Loss, summary.Accuracy, validationMetrics, clock.Elapsed));

                if (options.EarlyStoppingPatience > 0 && validation is not null && epoch - bestEpoch >= options.EarlyStoppingPatience)
                    break;
            }

            if (bestWeights is not null && bestEpoch != history.Count)
                Restore(network, bestWeights);
            else
                bestEpoch = history.Count;
            network.eval();

            if (validation is null)
                return new Result(network, history, bestEpoch, options.Threshold, $"fixed at {options.Threshold:0.###} (no validation split)", null);

            // With early stopping the network now holds the best epoch's weights, whose scores are kept.
            float[] finalProbabilities = bestWeights is not null
                ? bestProbabilities!
                : Scorer.Probabilities(network, validation, options.BatchSize, cancellationToken);
            (double threshold, string choice) = options.ThresholdSelection == PneumoniaThresholdSelection.MaximiseYouden
                ? (ThresholdSelector.MaximiseYouden(validationLabels, finalProbabilities, options.Threshold),
                    $"maximised Youden's J on the validation split ({validation.Count} images of {validationRecords.Select(r => r.PatientId).Distinct().Count()} patients)")
                : (options.Threshold, $"fixed at {options.Threshold:0.###}");
            PneumoniaMetrics finalValidation = MetricsCalculator.Compute(validationLabels, finalProbabilities, threshold);
            return new Result(network, history, bestEpoch, threshold, choice, finalValidation);
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    private static optim.Optimizer CreateOptimizer(nn.Module<Tensor, Tensor> network, PneumoniaTrainingOptions options)
    {
        IEnumerable<Parameter> trainable = network.parameters().Where(p => p.requires_grad);
        return options.Architecture == PneumoniaArchitecture.ArticleCnn
            ? optim.RMSProp(trainable, lr: options.EffectiveLearningRate, alpha: 0.9, eps: 1e-7) // Keras' RMSprop
            : optim.AdamW(trainable, lr: options.EffectiveLearningRate, weight_decay: 1e-4);
    }

    /// <summary>Per-image loss weights making both classes count equally, or 1 and 1.</summary>
    private static (float Negative, float Positive) ClassWeights(DecodedImages train, bool balance)
    {
        int positives = train.Records.Count(r => r.Label), negatives = train.Count - positives;
        if (!balance || positives == 0 || negatives == 0) return (1f, 1f);
        return ((float)train.Count / (2 * negatives), (float)train.Count / (2 * positives));
    }

    private static int EpochSeed(int seed, int epoch) => unchecked(seed * 7919 + epoch);

    private static byte[] Snapshot(nn.Module network)
    {
        using var stream = new MemoryStream();
        network.save(stream);
        return stream.ToArray();
    }

    private static void Restore(nn.Module network, byte[] weights)
    {
        using var stream = new MemoryStream(weights, writable: false);
        network.load(stream, strict: true);
    }
}
