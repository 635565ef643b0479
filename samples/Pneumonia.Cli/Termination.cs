using System.Runtime.InteropServices;

namespace Pneumonia.Cli;

/// <summary>
/// SIGINT (Ctrl+C) and SIGTERM at any point: the first cancels the command's token (training stops at the next batch,
/// evaluation and prediction at the next image) and the process exits with 130 or 143 as soon as the command returns,
/// or after <see cref="Grace"/> if it has not (a call that cannot be cancelled); a second signal exits at once.
/// </summary>
internal sealed class Termination : IDisposable
{
    /// <summary>How long a command may take to stop after a signal before the process exits anyway.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(10);

    private readonly CancellationTokenSource _cancel = new();
    private readonly TaskCompletionSource<int> _deadline = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly PosixSignalRegistration[] _registrations;
    private int _exitCode;

    public Termination() =>
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle), PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle)];

    /// <summary>Cancelled by the first signal.</summary>
    public CancellationToken Token => _cancel.Token;

    /// <summary>130 after SIGINT, 143 after SIGTERM, null without a signal.</summary>
    public int? ExitCode => Volatile.Read(ref _exitCode) is var code and not 0 ? code : null;

    /// <summary>Completes, with the exit code, <see cref="Grace"/> after the first signal or at a second one.</summary>
    public Task<int> Deadline => _deadline.Task;

    private void Handle(PosixSignalContext context)
    {
        context.Cancel = true; // this class ends the process, with the shell's exit code for the signal
        int code = context.Signal == PosixSignal.SIGTERM ? ExitCodes.Terminated : ExitCodes.Cancelled;
        int first = Interlocked.CompareExchange(ref _exitCode, code, 0);
        if (first != 0)
        {
            _deadline.TrySetResult(first);
            return;
        }
        _cancel.Cancel();
        _ = Task.Delay(Grace).ContinueWith(_ => _deadline.TrySetResult(code), TaskScheduler.Default);
    }

    public void Dispose()
    {
        foreach (PosixSignalRegistration registration in _registrations) registration.Dispose();
        _cancel.Dispose();
    }
}
