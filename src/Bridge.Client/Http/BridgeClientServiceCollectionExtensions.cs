using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bridge.Client.Http;

/// <summary>Registers a <see cref="BridgeClient"/> with dependency injection.</summary>
public static class BridgeClientServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="BridgeClient"/> as a typed client of <see cref="IHttpClientFactory"/>, configured by
    /// <paramref name="configure"/> (set <see cref="BridgeClientOptions.BaseAddress"/>); add handlers through the
    /// returned builder. A registered <see cref="TimeProvider"/> is used for retry waits.
    /// </summary>
    /// <example><code>
    /// services.AddBridgeClient(o => o.BaseAddress = new Uri("http://127.0.0.1:5000"));
    /// </code></example>
    public static IHttpClientBuilder AddBridgeClient(this IServiceCollection services, Action<BridgeClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<BridgeClientOptions>().Configure(configure);
        return services.AddHttpClient<BridgeClient>()
            .AddTypedClient((http, sp) => new BridgeClient(http, sp.GetRequiredService<IOptions<BridgeClientOptions>>().Value, sp.GetService<TimeProvider>()));
    }
}
