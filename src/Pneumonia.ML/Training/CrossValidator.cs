using Pneumonia.ML.Data;

namespace Pneumonia.ML.Training;

/// <summary>
/// Patient-level k-fold cross-validation: the patients are dealt into k folds (<see cref="PatientFolds"/>), and k
/// networks are trained, each on every fold but one and scored on the fold it never saw. Every image thus gets one
/// out-of-fold probability from a network that did not train on its patient.
/// </summary>
/// <remarks>
/// The held-out fold chooses nothing for its network: each fold trains its whole schedule and keeps its last epoch
/// (early stopping is off), so the out-of-fold probabilities are not tuned on the images they score. For the same reason
/// the held-out fold is scored once, after the last epoch.
/// </remarks>
internal static class CrossValidator
{
    /// <summary>One fold: the network trained without it, and its images' out-of-fold probabilities.</summary>
    public sealed record Fold(int Index, Trainer.Result Training);

    public static IReadOnlyList<Fold> Run(
        IReadOnlyList<ImageRecord> records,
        int folds,
        PneumoniaTrainingOptions options,
        ImagePreprocessor preprocessor,
        IProgress<PneumoniaTrainingProgress>? progress,
        CancellationToken cancellationToken)
    {
        int[] foldOf = PatientFolds.Assign(records, folds, options.Seed);
        var done = new List<Fold>(folds);
        try
        {
            for (int fold = 0; fold < folds; fold++)
            {
                PneumoniaTrainingOptions foldOptions = options.Clone();
                foldOptions.EarlyStoppingPatience = 0;
                foldOptions.CheckpointPath = CheckpointOf(options, fold);
                ImageRecord[] train = records.Where((_, i) => foldOf[i] != fold).ToArray();
                ImageRecord[] heldOut = records.Where((_, i) => foldOf[i] == fold).ToArray();
                string fingerprint = Checkpoint.FingerprintOf(foldOptions, [.. train, .. heldOut]) + $"|fold {fold + 1}/{folds}";
                IProgress<PneumoniaTrainingProgress>? foldProgress = progress is null ? null
                    : new FoldProgress(progress, fold + 1, folds);
                done.Add(new Fold(fold, Trainer.Train(train, heldOut, fingerprint, foldOptions, preprocessor, foldProgress,
                    cancellationToken, keepCheckpoint: true, validateEachEpoch: false)));
            }
            return done;
        }
        catch
        {
            foreach (Fold fold in done) fold.Training.Network.Dispose();
            throw;
        }
    }

    /// <summary>Deletes every fold's checkpoint, once the cross-validation's result exists.</summary>
    public static void DeleteCheckpoints(PneumoniaTrainingOptions options, int folds)
    {
        for (int fold = 0; fold < folds && options.CheckpointPath is not null; fold++) File.Delete(CheckpointOf(options, fold)!);
    }

    /// <summary>
    /// Fold <paramref name="fold"/>'s checkpoint: the recipe's path with <c>.foldN</c> added. Each is kept until the whole
    /// cross-validation has its result, so a run resumed after a stop reloads the finished folds instead of training them again.
    /// </summary>
    private static string? CheckpointOf(PneumoniaTrainingOptions options, int fold) =>
        options.CheckpointPath is { } path ? $"{path}.fold{fold + 1}" : null;

    /// <summary>Passes every report on with the fold it belongs to.</summary>
    private sealed class FoldProgress(IProgress<PneumoniaTrainingProgress> inner, int fold, int folds) : IProgress<PneumoniaTrainingProgress>
    {
        public void Report(PneumoniaTrainingProgress value) => inner.Report(value with { Fold = fold, Folds = folds });
    }
}
