using Bridge.Service.Configuration;
using Bridge.Service.Leadership;
using Bridge.Service.Store.Postgres;
using Bridge.Service.Store.Sqlite;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Bridge.Service.Store;

/// <summary>Registers the store chosen by <c>Store:Provider</c>, its migrations at start, and the matching <see cref="ILeadership"/>.</summary>
public static class StoreServices
{
    /// <summary>
    /// <c>sqlite</c>: <see cref="SqliteBridgeStore"/>, always leader. <c>postgres</c>: <see cref="PostgresBridgeStore"/>
    /// and <see cref="LeaseLeadership"/> over its lease. A store registered before (tests) wins; leadership still
    /// follows the provider, over the one <see cref="PostgresBridgeStore"/> of the container.
    /// </summary>
    public static IServiceCollection AddBridgeStore(this IServiceCollection services)
    {
        services.AddOptions<LeadershipOptions>().BindConfiguration(LeadershipOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<LeadershipOptions>, LeadershipOptionsValidator>();
        services.TryAddSingleton(sp => new PostgresBridgeStore(StoreOptionsOf(sp).ConnectionString!, sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IBridgeStore>(sp => IsPostgres(sp)
            ? sp.GetRequiredService<PostgresBridgeStore>()
            : new SqliteBridgeStore(StoreOptionsOf(sp).ConnectionString!, sp.GetRequiredService<TimeProvider>(), StoreOptionsOf(sp).SqliteCacheMiB));
        services.TryAddSingleton<ILeadership>(sp => IsPostgres(sp)
            ? new LeaseLeadership(sp.GetRequiredService<PostgresBridgeStore>(), sp.GetRequiredService<IOptions<LeadershipOptions>>(),
                sp.GetRequiredService<ILogger<LeaseLeadership>>())
            : new SingleInstanceLeadership());
        services.AddHostedService<StoreMigration>();
        // After the migrations (hosted services start in order): the lease row exists by then.
        // AddSingleton, not AddHostedService: that one keeps a single registration per implementation type.
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<ILeadership>() as IHostedService ?? new SingleInstanceLeadership());
        return services;
    }

    /// <summary>Runs <typeparamref name="TWorker"/> (a singleton) only while this instance holds the active role.</summary>
    public static IServiceCollection AddActiveRoleWorker<TWorker>(this IServiceCollection services) where TWorker : BackgroundService =>
        services.AddSingleton<IHostedService>(sp => new LeaderOnlyService(sp.GetRequiredService<TWorker>(), sp.GetRequiredService<ILeadership>(),
            sp.GetRequiredService<ILogger<LeaderOnlyService>>()));

    private static StoreOptions StoreOptionsOf(IServiceProvider sp) => sp.GetRequiredService<IOptions<StoreOptions>>().Value;

    private static bool IsPostgres(IServiceProvider sp) => StoreOptionsOf(sp).Provider == StoreOptions.Postgres;
}
