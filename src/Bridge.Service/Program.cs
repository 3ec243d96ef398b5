// The settlement bridge (BRIDGE-PROTOCOL.md): dotnet run --project src/Bridge.Service [-- --dev] [--Bridge:BatchInterval=00:00:05]
// --dev-setup: only install the dev canisters into a replica state directory and exit (compose.yaml's init container).
if (args.Contains(Bridge.Service.Dev.DevSetup.Flag)) return await Bridge.Service.Dev.DevSetup.RunAsync(args);
return await Bridge.Service.BridgeApp.RunAsync(args, Console.Error);
