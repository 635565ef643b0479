using Pneumonia.ML.Data;

namespace Pneumonia.ML.Training;

/// <summary>
/// Patient-level k-fold cross-validation: the patients are dealt into k folds (<see cref="PatientFolds"/>), and k
/// networks are trained, each on every fold but one and scored on the fold it never saw. Every image thus gets one
/// out-of-fold probability from a network that did not train on its patient.
/// </summary>
/// <remarks>
/// The held-out fold chooses nothing for its network: each fold trains its whole schedule and keeps its last epoch
/// (early stopping is off), so the out-of-fold probabilities are not tuned on the images they score.
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
                if (options.CheckpointPath is { } path) foldOptions.CheckpointPath = $"{path}.fold{fold + 1}";
                ImageRecord[] train = records.Where((_, i) => foldOf[i] != fold).ToArray();
                ImageRecord[] heldOut = records.Where((_, i) => foldOf[i] == fold).ToArray();
                string fingerprint = Checkpoint.FingerprintOf(foldOptions, [.. train, .. heldOut]) + $"|fold {fold + 1}/{folds}";
                IProgress<PneumoniaTrainingProgress>? foldProgress = progress is null ? null
                    : new FoldProgress(progress, fold + 1, folds);
                done.Add(new Fold(fold, Trainer.Train(train, heldOut, fingerprint, foldOptions, preprocessor, foldProgress, cancellationToken)));
            }
            return done;
        }
        catch
        {
            foreach (Fold fold in done) fold.Training.Network.Dispose();
            throw;
        }
    }

    /// <summary>Passes every report on with the fold it belongs to.</summary>
    private sealed class FoldProgress(IProgress<PneumoniaTrainingProgress> inner, int fold, int folds) : IProgress<PneumoniaTrainingProgress>
    {
        public void Report(PneumoniaTrainingProgress value) => inner.Report(value with { Fold = fold, Folds = folds });
    }
}
