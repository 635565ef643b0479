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
            (int code, string message) = e is CliException cli ? (cli.ExitCode, e.Message) : SampleErrors.Describe(e);
            Console.Error.WriteLine($"error: {message}");
            return Task.FromResult(code);
        }
    }
}
