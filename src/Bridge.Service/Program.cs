// The settlement bridge (BRIDGE-PROTOCOL.md): dotnet run --project src/Bridge.Service [-- --dev] [--Bridge:BatchInterval=00:00:05]
await using var app = await Bridge.Service.BridgeApp.BuildAsync(args);
await app.RunAsync();
