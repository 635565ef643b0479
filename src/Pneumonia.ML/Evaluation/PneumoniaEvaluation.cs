namespace Pneumonia.ML;

/// <summary>
/// Everything an evaluation found on a labelled folder: the metrics with confidence intervals, the ROC and
/// precision–recall curves, calibration, and the score of every image. Write it as a report with
/// <see cref="PneumoniaReport.Write"/>.
/// </summary>
/// <param name="Folder">Full path of the evaluated folder.</param>
/// <param name="Metrics">The point estimates, as <see cref="PneumoniaClassifier.Evaluate"/> gives them.</param>
/// <param name="Intervals">The same metrics with their confidence intervals.</param>
/// <param name="ConfidenceLevel">Coverage of the intervals (0.95 for 95%).</param>
/// <param name="ThresholdOrigin">How the operating threshold (<see cref="PneumoniaMetrics.Threshold"/>) was chosen, in words.</param>
/// <param name="RocCurve">The ROC curve, from (0, 0) to (1, 1), one point per distinct probability.</param>
/// <param name="PrecisionRecallCurve">The precision–recall curve, from recall 0 to 1, one point per distinct probability.</param>
/// <param name="AveragePrecision">Area under the precision–recall curve as the step sum Σ (Rₙ − Rₙ₋₁) Pₙ, without interpolation.</param>
/// <param name="Calibration">Brier score, expected calibration error and the reliability curve.</param>
/// <param name="Images">Every image with its truth, probability and answer, in path order.</param>
public sealed record PneumoniaEvaluation(
    string Folder,
    PneumoniaMetrics Metrics,
    PneumoniaMetricIntervals Intervals,
    double ConfidenceLevel,
    string ThresholdOrigin,
    IReadOnlyList<PneumoniaRocPoint> RocCurve,
    IReadOnlyList<PneumoniaPrecisionRecallPoint> PrecisionRecallCurve,
    double AveragePrecision,
    PneumoniaCalibration Calibration,
    IReadOnlyList<PneumoniaImageScore> Images);
