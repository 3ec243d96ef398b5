using System.Text.Json;
using Bridge.Service.Admin;
using Bridge.Service.Configuration;
using Bridge.Service.Dev;
using Bridge.Service.Explorer;
using Bridge.Service.Http;
using Bridge.Service.Ic;
using Bridge.Service.Intake;
using Bridge.Service.Payouts;
using Bridge.Service.Posting;
using Bridge.Service.Settling;
using Bridge.Service.Roles;
using Bridge.Service.Store;
using Icp.Agent;
using Icp.Agent.Certification;
using Icp.Candid;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Bridge.Service;

/// <summary>Builds the bridge's web application (see <see cref="BuildAsync"/>).</summary>
public static class BridgeApp
{
    /// <summary>The command-line flag that runs everything on one machine (section 8).</summary>
    public const string DevFlag = "--dev";

    /// <summary>
    /// The bridge host from command-line arguments: configuration from appsettings.json, environment variables and the
    /// command line; with <c>--dev</c>, first the in-process replica with both canisters, identities and SQLite under
    /// <c>Dev:DataDirectory</c>, and the dev defaults (which the command line overrides). <paramref name="configure"/>
    /// lets tests add configuration or replace services (the clock) before the app is built.
    /// </summary>
    public static async Task<WebApplication> BuildAsync(string[] args, Action<WebApplicationBuilder>? configure = null, CancellationToken ct = default)
    {
        bool dev = args.Contains(DevFlag);
        string[] rest = [.. args.Where(a => a != DevFlag)];
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = rest });
        configure?.Invoke(builder);
        if (dev)
        {
            // Dev defaults sit under the environment and the command line, which are added again on top.
            builder.Configuration.AddInMemoryCollection(DevEnvironment.Defaults);
            builder.Configuration.AddEnvironmentVariables();
            builder.Configuration.AddCommandLine(rest);
            var environment = await DevEnvironment.StartAsync(builder.Configuration, ct);
            builder.Configuration.AddInMemoryCollection(environment.Settings);
            builder.Services.AddSingleton(environment);
            builder.Services.AddHostedService<DevLifetime>();
        }
        AddServices(builder.Services, builder.Configuration);
        var app = builder.Build();
        MapEndpoints(app, dev);
        return app;
    }

    /// <summary>
    /// Runs the bridge until it is stopped (0). A configuration that fails its checks at start (a missing or open key
    /// file, the same key for poster and payout, ...) writes each failure to <paramref name="errors"/> and returns 2
    /// without serving anything.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, TextWriter errors, Action<WebApplicationBuilder>? configure = null, CancellationToken ct = default)
    {
        WebApplication? app = null;
        try
        {
            // Options are checked when first read: some while building (the admin routes), the rest at start.
            app = await BuildAsync(args, configure, ct);
            await app.StartAsync(ct);
        }
        catch (OptionsValidationException e)
        {
            if (app is not null) await app.DisposeAsync();
            await errors.WriteLineAsync("bridge: refusing to start, the configuration fails its checks:");
            foreach (string failure in e.Failures) await errors.WriteLineAsync("  " + failure);
            return 2;
        }
        await using (app)
        {
            await app.WaitForShutdownAsync(ct);
        }
        return 0;
    }

    private static void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        AddOptions<BridgeOptions, BridgeOptionsValidator>(services, BridgeOptions.Section);
        AddOptions<RewardsOptions, RewardsOptionsValidator>(services, RewardsOptions.Section);
        AddOptions<IntakeOptions, IntakeOptionsValidator>(services, IntakeOptions.Section);
        AddOptions<IcOptions, IcOptionsValidator>(services, IcOptions.Section);
        AddOptions<KeysOptions, KeysOptionsValidator>(services, KeysOptions.Section);
        AddOptions<StoreOptions, StoreOptionsValidator>(services, StoreOptions.Section);
        AddOptions<DevOptions, DevOptionsValidator>(services, DevOptions.Section);
        AddOptions<PayoutOptions, PayoutOptionsValidator>(services, PayoutOptions.Section);
        AddOptions<AdminOptions, AdminOptionsValidator>(services, AdminOptions.Section);

        services.AddBridgeStore();

        services.TryAddSingleton<IBlsVerifier>(Bls12381Verifier.Shared);
        services.AddHttpClient(IcpAgent.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.AddSingleton<BridgeIc>();
        services.AddSingleton<RoleHalts>();
        services.AddSingleton<Readiness>();
        services.AddSingleton<BridgeMetrics>();
        services.AddSingleton<MetricsScrape>();
        services.AddSingleton<AdminKey>();

        services.AddSingleton<IntakeQueue>();
        services.AddSingleton<ReceiptAdmission>();
        services.AddHostedService<IntakeWriter>();
        services.AddSingleton<BatchPoster>();
        services.AddActiveRoleWorker<BatchPoster>();
        services.AddExplorer();
        services.AddSingleton<EpochSettler>();
        services.AddActiveRoleWorker<EpochSettler>();
        // A transport registered before under this key (a test's fault injector) wins.
        services.TryAddKeyedSingleton<ICanisterTransport>(PayoutWorker.TransportKey, (sp, _) => sp.GetRequiredService<BridgeIc>().PayoutAgent);
        services.AddSingleton<PayoutWorker>();
        services.AddActiveRoleWorker<PayoutWorker>();

        services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            c.ProblemDetails.Extensions.TryAdd("code", c.ProblemDetails.Status switch
            {
                401 => ServiceProblemCodes.Unauthorized,
                403 => ServiceProblemCodes.Forbidden,
                404 => ServiceProblemCodes.NotFound,
                405 => ServiceProblemCodes.MethodNotAllowed,
                503 => ServiceProblemCodes.Unavailable,
                400 => Bridge.Core.Receipts.ProblemCodes.Malformed,
                _ => ServiceProblemCodes.Internal,
            });
        });
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);
        services.AddOpenApi();
    }

    private static void AddOptions<TOptions, TValidator>(IServiceCollection services, string section)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.AddOptions<TOptions>().BindConfiguration(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TOptions>, TValidator>();
    }

    private static void MapEndpoints(WebApplication app, bool dev)
    {
        app.UseMiddleware<StoreFailureMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapOpenApi();
        ServiceEndpoints.Map(app);
        NodeEndpoints.Map(app);
        ReceiptEndpoints.Map(app);
        BatchEndpoints.Map(app);
        EpochEndpoints.Map(app);
        ExplorerEndpoints.Map(app);
        if (dev) DevEndpoints.Map(app);
        if (app.Services.GetRequiredService<IOptions<AdminOptions>>().Value.Enabled)
        {
            // Read the key now: a key file that goes missing later cannot turn admin requests into 500s.
            app.Services.GetRequiredService<AdminKey>();
            AdminEndpoints.Map(app);
        }
    }
}
