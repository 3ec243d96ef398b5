using Bridge.Service.Configuration;
using Bridge.Service.Logging;
using Microsoft.Extensions.Options;

namespace Bridge.Service.Store;

/// <summary>Applies the store's migrations when the host starts, before any other service runs.</summary>
internal sealed class StoreMigration(IBridgeStore store, IOptions<StoreOptions> options, ILogger<StoreMigration> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.MigrateAsync(cancellationToken);
        long version = store is Sqlite.SqliteBridgeStore sqlite ? await sqlite.GetSchemaVersionAsync(cancellationToken) : 0;
        BridgeLog.StoreReady(logger, options.Value.Provider, version);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
