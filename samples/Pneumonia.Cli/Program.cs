// pneumonia: the Pneumonia.ML command line. train / evaluate / predict / score / check-site chest X-rays, and
// export-inference (a .pnmi for Pneumonia.ML.Inference and the web API). Exit codes:
// samples/Shared/ExitCodes.cs (docs/cli.md).
using System.CommandLine;
using System.CommandLine.Invocation;

namespace Pneumonia.Cli;

/// <summary>Entry point: builds the commands and runs the one named on the command line.</summary>
public static class Program
{
    /// <summary>Runs the command line and returns one of the <see cref="ExitCodes"/>.</summary>
    public static async Task<int> Main(string[] args)
    {
        var root = new RootCommand(
            "Train, evaluate and run pneumonia classifiers on chest X-rays with Pneumonia.ML. Without --model, evaluate, predict, score and check-site use the model shipped in the package. Not a medical device.")
        {
            TrainCommand.Create(),
            EvaluateCommand.Create(),
            PredictCommand.Create(),
            CheckSiteCommand.Create(),
            ScoreCommand.Create(),
            ExportInferenceCommand.Create(),
        };
        // Signals are this program's own (Termination), so that SIGTERM exits with 143 and nothing can keep the process alive.
        var invocation = new InvocationConfiguration { ProcessTerminationTimeout = null };
        // No arguments: the help, on stdout, and the usage exit code (nothing was done).
        if (args.Length == 0)
        {
            await root.Parse("--help").InvokeAsync();
            return ExitCodes.UsageError;
        }
        ParseResult parsed = root.Parse(args);
        // A mistyped command line gets the error alone (on stderr), not the whole help text; --help still shows it.
        if (parsed.Action is ParseErrorAction parseError) parseError.ShowHelp = false;

        using var termination = new Termination();
        // The commands' work is synchronous; on the thread pool it cannot keep Main from returning after a signal.
        Task<int> command = Task.Run(() => parsed.InvokeAsync(invocation, termination.Token));
        if (await Task.WhenAny(command, termination.Deadline) != command)
        {
            Console.Error.WriteLine($"error: stopped by a signal; the command did not finish within {Termination.Grace.TotalSeconds:N0} s.");
            return await termination.Deadline;
        }
        int exitCode = await command;
        return termination.ExitCode ?? exitCode;
    }
}
