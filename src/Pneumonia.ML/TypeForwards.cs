using System.Runtime.CompilerServices;

// These public types moved to Pneumonia.ML.Inference (which Pneumonia.ML references) when the inference package was split
// out; the forwards keep code compiled against Pneumonia.ML 0.1.0 binding to them (package validation checks it, eng/package-baseline).
[assembly: TypeForwardedTo(typeof(Pneumonia.ML.InvalidDatasetException))]
[assembly: TypeForwardedTo(typeof(Pneumonia.ML.InvalidImageException))]
[assembly: TypeForwardedTo(typeof(Pneumonia.ML.InvalidModelFileException))]
[assembly: TypeForwardedTo(typeof(Pneumonia.ML.PneumoniaCalibration))]
[assembly: TypeForwardedTo(typeof(Pneumonia.ML.PneumoniaCalibrationBin))]
[assembly: TypeForwardedTo(typeof(Pneumonia.ML.PneumoniaConfusionMatrix))]
[assembly: TypeForwardedTo(typeof(Pneumonia.ML.PneumoniaEvaluation))]
[assembly: TypeForwardedTo(typeof(Pneumonia.ML.PneumoniaEvaluationOptions))]
[assembly: TypeForwardedTo(typeof(Pneumonia.ML.PneumoniaImageScore))]
[assembly: TypeForwardedTo(typeof(Pneumonia.ML.PneumoniaInterval))]
[assembly: TypeForwardedTo(typeof(Pneumonia.ML.PneumoniaMetricIntervals))]
[assembly: TypeForwardedTo(typeof(Pneumonia.ML.PneumoniaMetrics))]
[assembly: TypeForwardedTo(typeof(Pneumonia.ML.PneumoniaPrecisionRecallPoint))]
[assembly: TypeForwardedTo(typeof(Pneumonia.ML.PneumoniaPrediction))]
[assembly: TypeForwardedTo(typeof(Pneumonia.ML.PneumoniaProportionInterval))]
[assembly: TypeForwardedTo(typeof(Pneumonia.ML.PneumoniaRocPoint))]
[assembly: TypeForwardedTo(typeof(Pneumonia.ML.PneumoniaSkippedImage))]
[assembly: TypeForwardedTo(typeof(Pneumonia.ML.PneumoniaWeightPrecision))]
