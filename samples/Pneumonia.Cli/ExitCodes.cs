namespace Pneumonia.Cli;

/// <summary>What the process exit code means. Documented in the README ("The command line").</summary>
internal static class ExitCodes
{
    /// <summary>Everything asked for was done.</summary>
    public const int Success = 0;

    /// <summary>The command line is wrong: unknown command or option, missing value, value out of range.</summary>
    public const int UsageError = 1;

    /// <summary>A data folder or an image was refused (missing, wrong layout, not a JPEG/PNG, damaged).</summary>
    public const int InvalidData = 2;

    /// <summary>The model file was refused (missing, not a Pneumonia.ML model, damaged, newer format).</summary>
    public const int InvalidModel = 3;

    /// <summary>A result (model file, report) could not be written.</summary>
    public const int OutputFailed = 4;

    /// <summary>Anything else went wrong; the message says what.</summary>
    public const int InternalError = 70;

    /// <summary>Interrupted by Ctrl+C or SIGINT (128 + 2, as shells report it).</summary>
    public const int Cancelled = 130;

    /// <summary>Stopped by SIGTERM (128 + 15, as shells report it).</summary>
    public const int Terminated = 143;
}
