// The settlement bridge (BRIDGE-PROTOCOL.md): dotnet run --project src/Bridge.Service [-- --dev] [--Bridge:BatchInterval=00:00:05]
// --dev-setup: only install the dev canisters into a replica state directory and exit (compose.yaml's init container).
using Microsoft.Extensions.Options;

if (args.Contains(Bridge.Service.Dev.DevSetup.Flag)) return await Bridge.Service.Dev.DevSetup.RunAsync(args);
try
{
    await using var app = await Bridge.Service.BridgeApp.BuildAsync(args);
    await app.RunAsync();
    return 0;
}
catch (OptionsValidationException e)
{
    // Bad settings are an operator's error, not a crash: one line naming every bad key, exit code 2 (a container's
    // orchestrator shows it), instead of an unhandled exception and the runtime's abort.
    Console.Error.WriteLine($"bridge: invalid configuration: {string.Join("; ", e.Failures)}");
    return 2;
}
