namespace Pneumonia.Samples;

/// <summary>
/// What a sample's process exit code means: one table for every sample (the pneumonia CLI, Pneumonia.Report,
/// Pneumonia.Demo, Pneumonia.MLNet, Pneumonia.WebApi at startup). Compiled into each from samples/Shared; documented in
/// docs/cli.md ("Exit codes").
/// </summary>
internal static class ExitCodes
{
    /// <summary>Everything asked for was done.</summary>
    public const int Success = 0;

    /// <summary>
    /// The command line or a setting is wrong: unknown command or option, missing value, value out of range, no
    /// arguments at all (help is printed).
    /// </summary>
    public const int UsageError = 1;

    /// <summary>A data folder or an image was refused (missing, wrong layout, a folder, pipe or device, not a JPEG/PNG, damaged).</summary>
    public const int InvalidData = 2;

    /// <summary>The model file was refused (missing, a folder, pipe or device, not a Pneumonia.ML model, damaged, newer format, a field out of range).</summary>
    public const int InvalidModel = 3;

    /// <summary>A result (model file, report, score file) could not be written.</summary>
    public const int OutputFailed = 4;

    /// <summary>Anything else went wrong; the message says what.</summary>
    public const int InternalError = 70;

    /// <summary>Interrupted by Ctrl+C or SIGINT (128 + 2, as shells report it).</summary>
    public const int Cancelled = 130;

    /// <summary>Stopped by SIGTERM (128 + 15, as shells report it).</summary>
    public const int Terminated = 143;
}
