namespace Pneumonia.ML;

/// <summary>
/// Everything an evaluation found on a labelled folder: the metrics with confidence intervals, the ROC and
/// precision–recall curves, calibration, and the score of every image. Write it as a report with
/// <c>PneumoniaReport.Write</c>.
/// </summary>
public sealed record PneumoniaEvaluation
{
    internal PneumoniaEvaluation(string folder, PneumoniaMetrics metrics, PneumoniaMetricIntervals intervals, double confidenceLevel, string thresholdOrigin, IReadOnlyList<PneumoniaRocPoint> rocCurve, IReadOnlyList<PneumoniaPrecisionRecallPoint> precisionRecallCurve, double averagePrecision, PneumoniaCalibration calibration, IReadOnlyList<PneumoniaImageScore> images)
    {
        Folder = folder;
        Metrics = metrics;
        Intervals = intervals;
        ConfidenceLevel = confidenceLevel;
        ThresholdOrigin = thresholdOrigin;
        RocCurve = rocCurve;
        PrecisionRecallCurve = precisionRecallCurve;
        AveragePrecision = averagePrecision;
        Calibration = calibration;
        Images = images;
    }

    /// <summary>Full path of the evaluated folder.</summary>
    public string Folder { get; }

    /// <summary>The point estimates, as <c>PneumoniaClassifier.Evaluate</c> gives them.</summary>
    public PneumoniaMetrics Metrics { get; }

    /// <summary>The same metrics with their confidence intervals.</summary>
    public PneumoniaMetricIntervals Intervals { get; }

    /// <summary>Coverage of the intervals (0.95 for 95%).</summary>
    public double ConfidenceLevel { get; }

    /// <summary>How the operating threshold (<see cref="PneumoniaMetrics.Threshold"/>) was chosen, in words.</summary>
    public string ThresholdOrigin { get; }

    /// <summary>The ROC curve, from (0, 0) to (1, 1), one point per distinct probability.</summary>
    public IReadOnlyList<PneumoniaRocPoint> RocCurve { get; }

    /// <summary>The precision–recall curve, from recall 0 to 1, one point per distinct probability.</summary>
    public IReadOnlyList<PneumoniaPrecisionRecallPoint> PrecisionRecallCurve { get; }

    /// <summary>Area under the precision–recall curve as the step sum Σ (Rₙ − Rₙ₋₁) Pₙ, without interpolation.</summary>
    public double AveragePrecision { get; }

    /// <summary>Brier score, expected calibration error and the reliability curve.</summary>
    public PneumoniaCalibration Calibration { get; }

    /// <summary>Every image with its truth, probability and answer, in path order.</summary>
    public IReadOnlyList<PneumoniaImageScore> Images { get; }

    /// <summary>
    /// For a multi-class model (<c>PneumoniaClassifier.IsMulticlass</c>, <see cref="PneumoniaPredictor.IsMulticlass"/>)
    /// whose classes the folder holds: how well every class is told apart, as <c>PneumoniaClassifier.EvaluateClasses</c>
    /// and <see cref="PneumoniaPredictor.EvaluateClasses"/> report it; null otherwise. The
    /// other properties are the binary view, P(pneumonia) = 1 − P(NORMAL) at the threshold.
    /// </summary>
    public PneumoniaMulticlassMetrics? ClassMetrics { get; internal init; }
}
