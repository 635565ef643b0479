namespace Pneumonia.WebApi;

/// <summary>
/// The configuration section "Pneumonia" (appsettings.json, environment variables Pneumonia__*, or --Pneumonia:*=).
/// Checked by <see cref="Validate"/> before the app listens; a bad value stops it with exit code 1 and one line.
/// </summary>
internal sealed class PneumoniaApiOptions
{
    public const string Section = "Pneumonia";

    /// <summary>
    /// Inference model file (<c>.pnmi</c>) written by <c>PneumoniaClassifier.ExportInferenceModel</c> (or the CLI's
    /// <c>export-inference</c>); a full model file is refused with the command that converts it. Default: empty, meaning
    /// the model shipped in Pneumonia.ML.Inference.
    /// </summary>
    public string ModelPath { get; set; } = "";

    /// <summary>Largest accepted image, in bytes. Default: 10 MiB.</summary>
    public long MaxImageBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Largest accepted image, in pixels (width × height, from its header, before decoding). Default: 25,000,000.</summary>
    public long MaxImagePixels { get; set; } = 25_000_000;

    /// <summary>
    /// ONNX Runtime's threads for one prediction (<c>PneumoniaPredictorOptions.Threads</c>). Default: 0, one per core.
    /// (The API runs on ONNX Runtime only; Pneumonia.ML's engine choice does not apply: a <c>.pnmi</c> holds the float32
    /// or the int8 graph, chosen when it was exported.)
    /// </summary>
    public int InferenceThreads { get; set; }

    /// <summary>Predictions run at once (each holds one decode and one network pass). Default: the number of cores.</summary>
    public int MaxConcurrentPredictions { get; set; } = Environment.ProcessorCount;

    /// <summary>
    /// Predictions that wait for a free slot, oldest first; one more is answered 503 with Retry-After at once.
    /// 0: no waiting. Default: 4 × the number of cores.
    /// </summary>
    public int PredictionQueueLength { get; set; } = 4 * Environment.ProcessorCount;

    /// <summary>The Retry-After of a 503, in seconds. Default: 1.</summary>
    public int RetryAfterSeconds { get; set; } = 1;

    /// <exception cref="StartupException">A value is out of range; the message names the setting.</exception>
    public void Validate()
    {
        static void Require(bool valid, string name, object value, string rule)
        {
            if (!valid) throw new StartupException($"the setting {Section}:{name} ({value}) {rule}.");
        }

        Require(MaxImageBytes is >= 1 and <= 1024L * 1024 * 1024, nameof(MaxImageBytes), MaxImageBytes, "must be between 1 and 1 GiB");
        Require(MaxImagePixels is >= 1 and <= 64L * 1024 * 1024, nameof(MaxImagePixels), MaxImagePixels, "must be between 1 and 67,108,864");
        Require(InferenceThreads >= 0, nameof(InferenceThreads), InferenceThreads, "must be 0 (one per core) or more");
        Require(MaxConcurrentPredictions >= 1, nameof(MaxConcurrentPredictions), MaxConcurrentPredictions, "must be at least 1");
        Require(PredictionQueueLength >= 0, nameof(PredictionQueueLength), PredictionQueueLength, "must be 0 or more");
        Require(RetryAfterSeconds >= 1, nameof(RetryAfterSeconds), RetryAfterSeconds, "must be at least 1");
    }
}
