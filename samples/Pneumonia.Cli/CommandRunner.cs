using Pneumonia.ML;

namespace Pneumonia.Cli;

/// <summary>Runs a command's work and turns its failures into a one-line message on stderr and an exit code.</summary>
internal static class CommandRunner
{
    public static Task<int> Run(Func<int> work)
    {
        try
        {
            return Task.FromResult(work());
        }
        catch (Exception e)
        {
            (int code, string message) = Describe(e);
            Console.Error.WriteLine($"error: {message}");
            return Task.FromResult(code);
        }
    }

    public static (int Code, string Message) Describe(Exception e) => e switch
    {
        InvalidDatasetException or InvalidImageException => (ExitCodes.InvalidData, e.Message),
        InvalidModelFileException => (ExitCodes.InvalidModel, e.Message),
        OperationCanceledException => (ExitCodes.Cancelled, "cancelled."),
        // The library checks training options before any work and names the option at fault.
        ArgumentOutOfRangeException => (ExitCodes.UsageError, e.Message),
        IOException or UnauthorizedAccessException => (ExitCodes.OutputFailed, e.Message),
        _ => (ExitCodes.InternalError, $"{e.GetType().Name}: {e.Message}"),
    };
}
