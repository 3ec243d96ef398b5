using Bridge.Service;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bridge.Client.Tests;

/// <summary>
/// The real bridge as <c>dotnet run --project src/Bridge.Service -- --dev</c> starts it (in-process replica with the rollup
/// and ledger canisters, SQLite, faucet), on loopback ports chosen by the OS, with short intervals, in its own directory.
/// </summary>
internal sealed class DevBridge : IAsyncDisposable
{
    private DevBridge(WebApplication app, string directory)
    {
        App = app;
        Directory = directory;
        Address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public WebApplication App { get; }

    public string Directory { get; }

    public Uri Address { get; }

    /// <summary>Starts the bridge; <paramref name="extraArgs"/> add to (or override) the command line.</summary>
    public static async Task<DevBridge> StartAsync(params string[] extraArgs)
    {
        string directory = Path.Combine(Path.GetTempPath(), "bridge-client-e2e-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        string[] args =
        [
            BridgeApp.DevFlag,
            $"--Dev:DataDirectory={directory}",
            "--Dev:ReplicaPort=0",
            "--Bridge:BatchInterval=00:00:01",
            "--Bridge:ChallengeWindow=00:00:02",
            "--urls=http://127.0.0.1:0",
            .. extraArgs,
        ];
        var app = await BridgeApp.BuildAsync(args, builder => builder.Logging.SetMinimumLevel(LogLevel.Warning));
        await app.StartAsync();
        return new DevBridge(app, directory);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
