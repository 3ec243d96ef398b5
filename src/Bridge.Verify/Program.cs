using System.Runtime.InteropServices;
using Bridge.Verify.Cli;

// SIGINT (Ctrl+C) and SIGTERM (a service manager's stop) end the run cleanly: a watch stops after writing its report.
using var stop = new CancellationTokenSource();
void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
return await VerifyCommand.RunAsync(args, Console.Out, Console.Error, stop.Token);
