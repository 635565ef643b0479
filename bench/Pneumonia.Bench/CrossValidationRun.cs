using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Pneumonia.ML;

namespace Pneumonia.Bench;

/// <summary>
/// One patient-level cross-validation of a recipe on the training folder: saves the fold models, the out-of-fold
/// probabilities (a CSV, one row per image) and a JSON line of the out-of-fold figures with their intervals.
/// </summary>
internal static class CrossValidationRun
{
    public sealed record Fold(int Number, int Images, PneumoniaMetrics Metrics);

    public sealed record Result(
        string Name, string Architecture, int ImageSize, int Epochs, int Folds, int Seed, bool SiteShifts, double Threshold,
        int Images, int Patients, PneumoniaMetrics Metrics, PneumoniaMetricIntervals Intervals, double Brier,
        double ExpectedCalibrationError, IReadOnlyList<Fold> PerFold, double TrainingMinutes, double PeakMemoryMegabytes,
        string OutOfFoldCsv, double CalibrationSlope, double CalibrationIntercept, string ThresholdChoice);

    public static Result Run(string data, string name, int folds, PneumoniaTrainingOptions options, string outputFolder, TextWriter log,
        bool allPatients = false)
    {
        string modelFolder = Path.Combine(outputFolder, $"cv-{name}"); // fold models and the ensemble (not committed: too large)
        Directory.CreateDirectory(modelFolder);
        var clock = Stopwatch.StartNew();
        using PneumoniaCrossValidation cv = PneumoniaClassifier.CrossValidate(data, folds, options, progress: new ProgressLog(log));
        double minutes = clock.Elapsed.TotalMinutes;
        for (int k = 0; k < cv.FoldCount; k++) cv.FoldClassifiers[k].Save(Path.Combine(modelFolder, $"fold{k + 1}.model"));
        cv.Ensemble.Save(Path.Combine(modelFolder, "ensemble.model"));

        PneumoniaEvaluation oof = cv.OutOfFold;
        string csv = Path.Combine(outputFolder, $"cv-{name}-oof.csv");
        using (var writer = new StreamWriter(csv))
        {
            writer.WriteLine("file,patient,label,fold,probability");
            for (int i = 0; i < oof.Images.Count; i++)
            {
                PneumoniaImageScore s = oof.Images[i];
                writer.WriteLine(string.Join(",", Path.GetFileName(s.ImagePath), s.PatientId, s.Label,
                    cv.ImageFolds[i].ToString(CultureInfo.InvariantCulture), s.Probability.ToString("R", CultureInfo.InvariantCulture)));
            }
        }
        var perFold = cv.FoldClassifiers.Select((c, k) => new Fold(k + 1, c.ValidationMetrics!.Count, c.ValidationMetrics)).ToArray();
        var result = new Result(name, options.Architecture.ToString(), options.ImageSize, options.Epochs, folds, options.Seed,
            options.SiteShiftAugmentation, oof.Metrics.Threshold, oof.Images.Count, oof.Images.Select(s => s.PatientId).Distinct().Count(),
            oof.Metrics, oof.Intervals, oof.Calibration.BrierScore, oof.Calibration.ExpectedCalibrationError, perFold, minutes,
            PeakMemory.Megabytes(), csv, cv.CalibrationSlope, cv.CalibrationIntercept, cv.Ensemble.ThresholdChoice);
        File.AppendAllText(Path.Combine(outputFolder, "crossvalidation.jsonl"), JsonSerializer.Serialize(result,
            new JsonSerializerOptions { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals }) + "\n");
        if (allPatients)
        {
            // The last step: the same recipe on every patient, with the decision rule chosen out of fold.
            clock.Restart();
            using PneumoniaClassifier all = cv.TrainOnAllPatients(new ProgressLog(log));
            string path = Path.Combine(modelFolder, "all-patients.model");
            all.Save(path);
            log.WriteLine($"RESULT all-patients {name}: {all.TrainingHistory.Count} epochs on every patient in {clock.Elapsed.TotalMinutes:F1} min, " +
                $"threshold {all.Threshold:F4}, peak {PeakMemory.Megabytes():F0} MB → {path}");
        }
        return result;
    }

    private sealed class ProgressLog(TextWriter log) : IProgress<PneumoniaTrainingProgress>
    {
        public void Report(PneumoniaTrainingProgress p)
        {
            if (p.Stage == PneumoniaTrainingStage.Batch && p.Batch % 20 != 0) return;
            string validation = p.Validation is { } v ? $" held_loss {v.LogLoss:F4} held_acc {v.Accuracy:F4} held_auc {v.Auc:F4}" : "";
            string who = p.Folds > 0 ? $"fold {p.Fold}/{p.Folds}" : "all patients";
            log.WriteLine($"{who} {p.Stage} {p.Epoch}/{p.Epochs} batch {p.Batch}/{p.Batches} {p.Elapsed.TotalMinutes:F1} min loss {p.Loss:F4} acc {p.Accuracy:F4}{validation}");
            log.Flush();
        }
    }
}
