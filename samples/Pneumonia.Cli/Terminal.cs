using Spectre.Console;

namespace Pneumonia.Cli;

/// <summary>
/// Standard output as Spectre.Console sees it. On a terminal: colours, live progress bars. Redirected to a file or
/// a pipe (or TERM=dumb): plain text with no ANSI escapes and nothing redrawn.
/// </summary>
internal static class Terminal
{
    public static bool IsInteractive { get; } =
        !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("TERM") != "dumb";

    public static IAnsiConsole Out { get; } = Create();

    private static IAnsiConsole Create()
    {
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Console.Out),
            Ansi = IsInteractive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = IsInteractive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = IsInteractive ? InteractionSupport.Detect : InteractionSupport.No,
        });
        // A file has no width: keep each line whole instead of wrapping it at Spectre's default of 80 columns.
        if (!IsInteractive) console.Profile.Width = 1000;
        return console;
    }
}
