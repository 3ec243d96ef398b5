using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Configurations;
using DotNet.Testcontainers.Containers;
using DotNet.Testcontainers.Images;
using Docker.DotNet.Models;

namespace Bridge.Container.Tests;

/// <summary>
/// One container of <see cref="BridgeImage"/> on the host's network (the engine here has no bridge network), configured
/// only by environment variables, with the PEM files in a host directory mounted read-only at <see cref="KeysPath"/>
/// and, for SQLite, a named volume at /data.
/// </summary>
internal sealed class BridgeContainer : IAsyncDisposable
{
    public const string KeysPath = "/run/secrets/bridge";

    private readonly string? _volume;

    private BridgeContainer(IContainer container, int port, string? volume)
    {
        Container = container;
        Port = port;
        _volume = volume;
        Address = new Uri($"http://127.0.0.1:{port}");
    }

    public IContainer Container { get; }

    public int Port { get; }

    public Uri Address { get; }

    /// <summary>
    /// Creates and starts the container (not waiting for readiness). <paramref name="dataVolume"/>: a named volume at /data,
    /// removed with the container; <paramref name="configure"/>: more mounts, another entry point or command;
    /// <paramref name="image"/>: another build of the image than <see cref="BridgeImage.Tag"/>.
    /// </summary>
    public static async Task<BridgeContainer> StartAsync(IReadOnlyDictionary<string, string> environment, string? keysDirectory, string? dataVolume,
        Func<ContainerBuilder, ContainerBuilder>? configure = null, string? image = null)
    {
        int port = FreePort();
        var builder = new ContainerBuilder()
            .WithImage(image ?? BridgeImage.Tag)
            .WithImagePullPolicy(PullPolicy.Never)
            .WithName("bridge-test-" + Guid.NewGuid().ToString("N")[..12])
            .WithEnvironment("ASPNETCORE_HTTP_PORTS", port.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithEnvironment(environment.ToDictionary(kv => kv.Key, kv => kv.Value))
            .WithCreateParameterModifier(p =>
            {
                p.HostConfig.NetworkMode = "host";
                // The image's own check command and timeout; probed every second so a test sees "healthy" soon.
                p.Healthcheck = new HealthConfig { Interval = TimeSpan.FromSeconds(1), StartPeriod = 1_000_000_000 /* ns */, Retries = 3 };
            })
            .WithCleanUp(false);
        if (keysDirectory is not null) builder = builder.WithBindMount(keysDirectory, KeysPath, AccessMode.ReadOnly);
        if (dataVolume is not null) builder = builder.WithVolumeMount(dataVolume, "/data");
        if (configure is not null) builder = configure(builder);
        var container = builder.Build();
        await container.StartAsync();
        return new BridgeContainer(container, port, dataVolume);
    }

    /// <summary>Polls <c>/ready</c> until it answers 200; fails with the container's logs if it exits or takes too long.</summary>
    public async Task<TimeSpan> WaitUntilReadyAsync(Stopwatch sinceStart, TimeSpan limit)
    {
        using var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        while (sinceStart.Elapsed < limit)
        {
            try
            {
                using var response = await http.GetAsync("/ready");
                if (response.StatusCode == HttpStatusCode.OK) return sinceStart.Elapsed;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            if (await StateAsync() is not "running")
                throw new InvalidOperationException($"the bridge container stopped before it was ready (exit code {await Container.GetExitCodeAsync()}):\n{await LogsAsync()}");
            await Task.Delay(100);
        }
        throw new TimeoutException($"the bridge container was not ready within {limit}:\n{await LogsAsync()}");
    }

    /// <summary>Docker's view of the container: running, exited, ...</summary>
    public async Task<string> StateAsync() =>
        (await DockerCli.RunCheckedAsync(["inspect", "--format", "{{.State.Status}}", Container.Id], TimeSpan.FromSeconds(30))).Trim();

    /// <summary>The HEALTHCHECK's status: starting, healthy, unhealthy.</summary>
    public async Task<string> HealthAsync() =>
        (await DockerCli.RunCheckedAsync(["inspect", "--format", "{{.State.Health.Status}}", Container.Id], TimeSpan.FromSeconds(30))).Trim();

    /// <summary>Waits for the container to exit and returns its exit code.</summary>
    public async Task<long> WaitForExitAsync(TimeSpan limit)
    {
        var watch = Stopwatch.StartNew();
        while (await StateAsync() is "running" or "created" or "restarting")
        {
            if (watch.Elapsed > limit) throw new TimeoutException($"the bridge container still runs after {limit}:\n{await LogsAsync()}");
            await Task.Delay(100);
        }
        return await Container.GetExitCodeAsync();
    }

    public async Task<string> LogsAsync()
    {
        var (stdout, stderr) = await Container.GetLogsAsync(timestampsEnabled: false);
        return stdout + stderr;
    }

    /// <summary>Runs a command in the container; returns its exit code and output.</summary>
    public async Task<ExecResult> ExecAsync(params string[] command) => await Container.ExecAsync(command);

    public async ValueTask DisposeAsync()
    {
        try { await Container.StopAsync(); } catch (Exception) { }
        await DockerCli.RunAsync(["rm", "-f", "-v", Container.Id], TimeSpan.FromSeconds(60));
        await Container.DisposeAsync();
        if (_volume is not null) await DockerCli.RunAsync(["volume", "rm", "-f", _volume], TimeSpan.FromSeconds(60));
    }

    /// <summary>A loopback port nothing listens on now (host networking: the container binds it itself).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
