// The settlement bridge (BRIDGE-PROTOCOL.md): dotnet run --project src/Bridge.Service [-- --dev] [--Bridge:BatchInterval=00:00:05]
return await Bridge.Service.BridgeApp.RunAsync(args, Console.Error);
