using Bridge.Verify.Cli;

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
return await VerifyCommand.RunAsync(args, Console.Out, Console.Error, stop.Token);
