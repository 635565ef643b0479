// pneumonia: the Pneumonia.ML command line. train / evaluate / predict chest X-rays. Exit codes: see ExitCodes.cs.
using System.CommandLine;
using System.CommandLine.Invocation;

namespace Pneumonia.Cli;

/// <summary>Entry point: builds the commands and runs the one named on the command line.</summary>
public static class Program
{
    /// <summary>Runs the command line and returns one of the <see cref="ExitCodes"/>.</summary>
    public static Task<int> Main(string[] args)
    {
        var root = new RootCommand(
            "Train, evaluate and run pneumonia classifiers on chest X-rays with Pneumonia.ML. Not a medical device.")
        {
            TrainCommand.Create(),
            EvaluateCommand.Create(),
            PredictCommand.Create(),
            CheckSiteCommand.Create(),
        };
        // Training stops at the next batch after Ctrl+C; give it time to get there before the process is ended.
        var invocation = new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(30) };
        ParseResult parsed = root.Parse(args);
        // A mistyped command line gets the error alone (on stderr), not the whole help text; --help still shows it.
        if (parsed.Action is ParseErrorAction parseError) parseError.ShowHelp = false;
        return parsed.InvokeAsync(invocation);
    }
}
