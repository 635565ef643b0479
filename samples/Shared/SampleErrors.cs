using Pneumonia.ML;

namespace Pneumonia.Samples;

/// <summary>
/// Turns a sample's failure into one line on stderr ("error: …", naming the file or folder at fault) and one of the
/// <see cref="ExitCodes"/>, the same way in every sample. Compiled into each sample from samples/Shared.
/// </summary>
internal static class SampleErrors
{
    /// <summary>The exit code and message for a failure.</summary>
    public static (int Code, string Message) Describe(Exception e) => e switch
    {
        InvalidDatasetException or InvalidImageException or InvalidColumnException => (ExitCodes.InvalidData, e.Message),
        InvalidModelFileException => (ExitCodes.InvalidModel, e.Message),
        OperationCanceledException => (ExitCodes.Cancelled, "cancelled."),
        // The library checks options before any work and names the option at fault.
        ArgumentOutOfRangeException => (ExitCodes.UsageError, e.Message),
        IOException or UnauthorizedAccessException => (ExitCodes.OutputFailed, e.Message),
        _ => (ExitCodes.InternalError, $"{e.GetType().Name}: {e.Message}"),
    };

    /// <summary>
    /// For samples written as a script of top-level statements: an exception nobody caught ends the process with the
    /// table's exit code and one line on stderr, instead of a stack trace and exit code 134.
    /// </summary>
    public static void ExitOnUnhandledException() =>
        AppDomain.CurrentDomain.UnhandledException += (_, args) =>
        {
            Exception e = args.ExceptionObject as Exception ?? new InvalidOperationException(args.ExceptionObject?.ToString());
            (int code, string message) = Describe(e);
            Console.Error.WriteLine($"error: {message}");
            Environment.Exit(code);
        };
}
