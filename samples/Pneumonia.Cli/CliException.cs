namespace Pneumonia.Cli;

/// <summary>A failure the command line itself finds (an operating point the model lacks, a list file that is not one), with its exit code.</summary>
internal sealed class CliException(int exitCode, string message) : Exception(message)
{
    /// <summary>One of the <see cref="Pneumonia.Samples.ExitCodes"/>.</summary>
    public int ExitCode { get; } = exitCode;
}
