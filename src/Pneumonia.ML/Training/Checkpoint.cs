using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Pneumonia.ML.Data;
using Pneumonia.ML.Persistence;

namespace Pneumonia.ML.Training;

/// <summary>
/// Everything needed to go on with an interrupted training run from the end of its last finished epoch: a
/// <see cref="ChecksummedFile"/> with magic <c>PNEUMOCK</c> and sections: progress (JSON), network weights,
/// optimizer state, best-epoch weights (empty when early stopping is off or no epoch was best yet), and, with
/// <see cref="PneumoniaTrainingOptions.WeightAverageDecay"/>, the weight average (a fifth section only then).
/// </summary>
internal sealed record Checkpoint(
    string Fingerprint,
    int CompletedEpochs,
    List<PneumoniaEpochSummary> History,
    int BestEpoch,
    double BestLoss,
    float[]? BestProbabilities)
{
    public const int FormatVersion = 1;
    private const string Magic = "PNEUMOCK";

    public static void Write(string path, Checkpoint progress, byte[] weights, byte[] optimizer, byte[]? bestWeights, byte[]? averageWeights) =>
        ChecksummedFile.Write(path, Magic, FormatVersion,
            [JsonSerializer.SerializeToUtf8Bytes(StoredProgress.From(progress), ModelFile.Json), weights, optimizer, bestWeights ?? [],
                .. averageWeights is null ? Array.Empty<byte[]>() : [averageWeights]]);

    public static (Checkpoint Progress, byte[] Weights, byte[] Optimizer, byte[]? BestWeights, byte[]? AverageWeights) Read(string path)
    {
        (_, byte[][] sections) = ChecksummedFile.Read(path, Magic, FormatVersion, "checkpoint");
        if (sections.Length is not (4 or 5)) throw new InvalidModelFileException(Path.GetFullPath(path), $"it has {sections.Length} sections instead of 4 or 5.");
        Checkpoint progress;
        try
        {
            progress = (JsonSerializer.Deserialize<StoredProgress>(sections[0], ModelFile.Json) ?? throw new JsonException("empty")).ToCheckpoint();
        }
        catch (JsonException e)
        {
            throw new InvalidModelFileException(Path.GetFullPath(path), "its progress record cannot be read.", e);
        }
        return (progress, sections[1], sections[2], sections[3].Length == 0 ? null : sections[3], sections.Length == 5 ? sections[4] : null);
    }

    /// <summary>What a checkpoint must match to be resumed: every option that shapes training, and the data.</summary>
    public static string FingerprintOf(PneumoniaTrainingOptions o, IReadOnlyList<ImageRecord> records)
    {
        var text = new StringBuilder();
        text.Append($"{o.Architecture}|{o.ImageSize}|{o.Epochs}|{o.BatchSize}|{o.EffectiveLearningRate:R}|{o.ValidationFraction:R}|{o.Seed}|");
        text.Append($"{o.Augment}|{o.BalanceClasses}|{o.LearningRateSchedule}|{o.EarlyStoppingPatience}|{o.SkipUnreadableImages}|");
        if (o.SiteShiftAugmentation) text.Append(o.SiteShiftVersion == 2 ? "site shifts|" : $"site shifts {o.SiteShiftVersion}|"); // absent when off, so older checkpoints still resume
        if (o.LabelSmoothing > 0) text.Append($"smoothing {o.LabelSmoothing:R}|"); // likewise
        if (o.MixupAlpha > 0) text.Append($"mixup {o.MixupAlpha:R}|"); // likewise
        if (o.WeightAverageDecay > 0) text.Append($"average {o.WeightAverageDecay:R}|"); // likewise
        foreach (ImageRecord r in records)
        {
            text.Append(r.ImagePath).Append(r.Label ? "+" : "-");
            if (r.Class != (r.Label ? 1 : 0)) text.Append('#').Append(r.Class).Append('|'); // a softmax model's class; absent for binary records
            if (r.Encoded is { } encoded) text.Append(Convert.ToHexString(SHA256.HashData(encoded))).Append('|'); // images given as bytes
        }
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}

/// <summary>A checkpoint's progress section as JSON: private types (see <see cref="StoredMetadata"/>), so public types can change.</summary>
internal sealed class StoredProgress
{
    public string Fingerprint { get; set; } = "";
    public int CompletedEpochs { get; set; }
    public List<StoredEpoch> History { get; set; } = [];
    public int BestEpoch { get; set; }
    public double BestLoss { get; set; }
    public float[]? BestProbabilities { get; set; }

    public static StoredProgress From(Checkpoint c) => new()
    {
        Fingerprint = c.Fingerprint,
        CompletedEpochs = c.CompletedEpochs,
        History = [.. c.History.Select(StoredEpoch.From)],
        BestEpoch = c.BestEpoch,
        BestLoss = c.BestLoss,
        BestProbabilities = c.BestProbabilities,
    };

    public Checkpoint ToCheckpoint() =>
        new(Fingerprint, CompletedEpochs, [.. History.Select(e => e.ToSummary())], BestEpoch, BestLoss, BestProbabilities);
}
