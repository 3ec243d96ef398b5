using Bridge.Service.Logging;
using Microsoft.AspNetCore.Hosting.Server;

namespace Bridge.Service.Dev;

/// <summary>Prints where everything of <c>--dev</c> is at start, and stops the replica (saving its state) last at stop.</summary>
internal sealed class DevLifetime(DevEnvironment environment, IServer server, IHostApplicationLifetime lifetime, ILogger<DevLifetime> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = server.Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses ?? [];
            BridgeLog.DevReady(logger, "bridge", string.Join(", ", addresses));
            BridgeLog.DevReady(logger, "replica", environment.Replica.Url!.ToString());
            BridgeLog.DevReady(logger, "rollup canister", environment.RollupId.ToString());
            BridgeLog.DevReady(logger, "ledger (fee and reward token)", environment.LedgerId.ToString());
            BridgeLog.DevReady(logger, "poster", environment.Poster.ToString());
            BridgeLog.DevReady(logger, "payout and fee account", environment.Payout.ToString());
            BridgeLog.DevReady(logger, "data directory", environment.DataDirectory);
        });
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await environment.DisposeAsync();
}
