using System.Diagnostics;
using Pneumonia.ML.Data;
using Pneumonia.ML.Evaluation;
using Pneumonia.ML.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Pneumonia.ML.Training;

/// <summary>The training loop: decode once, then epochs of shuffled batches, each inside a dispose scope.</summary>
internal static class Trainer
{
    public sealed record Result(nn.Module<Tensor, Tensor> Network, IReadOnlyList<PneumoniaEpochSummary> History);

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

        nn.Module<Tensor, Tensor> network = NetworkFactory.Create(options.Architecture, options.ImageSize, options.Seed);
        try
        {
            var history = new List<PneumoniaEpochSummary>();
            using var optimizer = optim.RMSProp(network.parameters(), lr: options.LearningRate, alpha: 0.9, eps: 1e-7);
            var shuffle = new Random(options.Seed);
            int[] order = Enumerable.Range(0, train.Count).ToArray();
            int batches = (train.Count + options.BatchSize - 1) / options.BatchSize;

            for (int epoch = 1; epoch <= options.Epochs; epoch++)
            {
                network.train();
                shuffle.Shuffle(order);
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
                        Tensor images = TensorBatch.Images(train, order.AsSpan(start, count));
                        Tensor labels = TensorBatch.Labels(train, order.AsSpan(start, count));
                        optimizer.zero_grad();
                        Tensor logits = network.forward(images);
                        Tensor loss = nn.functional.binary_cross_entropy_with_logits(logits, labels);
                        loss.backward();
                        optimizer.step();

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
                    validationMetrics = MetricsCalculator.Compute(validation.Records.Select(r => r.Label).ToArray(),
                        probabilities, options.Threshold);
                }

                var summary = new PneumoniaEpochSummary(epoch, lossSum / seen, (double)correct / seen, validationMetrics);
                history.Add(summary);
                progress?.Report(new PneumoniaTrainingProgress(PneumoniaTrainingStage.Epoch, epoch, options.Epochs,
                    batches, batches, summary.Loss, summary.Accuracy, validationMetrics, clock.Elapsed));
            }

            network.eval();
            return new Result(network, history);
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }
}
