using Bridge.Service.Store;
using Icp.Agent.Identities;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Bridge.Service.Tests;

/// <summary>
/// The real bridge on Kestrel at a random loopback port, with its own SQLite file and a fake clock. The IC settings
/// point at a port nothing listens on and posting is off unless a test turns it on with its own settings.
/// </summary>
internal sealed class TestBridge : IAsyncDisposable
{
    public const string NetworkId = "emc-local";

    private TestBridge(WebApplication app, FakeTimeProvider? time, string directory)
    {
        App = app;
        Time = time;
        Directory = directory;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Http = new HttpClient { BaseAddress = new Uri(address) };
    }

    public WebApplication App { get; }

    /// <summary>The fake clock (null when the bridge runs on the system clock).</summary>
    public FakeTimeProvider? Time { get; }

    public string Directory { get; }

    public HttpClient Http { get; }

    public IBridgeStore Store => App.Services.GetRequiredService<IBridgeStore>();

    /// <summary>Starts a bridge; <paramref name="nowNs"/> null runs it on the system clock.</summary>
    public static async Task<TestBridge> StartAsync(ulong? nowNs, IDictionary<string, string>? settings = null, Action<IServiceCollection>? services = null,
        string? directory = null)
    {
        directory ??= Path.Combine(Path.GetTempPath(), "bridge-test-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var time = nowNs is { } ns ? new FakeTimeProvider(FromNanos(ns)) : null;
        var all = DefaultSettings(directory);
        foreach (var (k, v) in settings ?? new Dictionary<string, string>()) all[k] = v;
        var args = all.Select(kv => $"--{kv.Key}={kv.Value}").Append("--urls=http://127.0.0.1:0").ToArray();
        var app = await BridgeApp.BuildAsync(args, builder =>
        {
            if (time is not null) builder.Services.AddSingleton<TimeProvider>(time);
            builder.Logging.SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Warning);
            services?.Invoke(builder.Services);
        });
        await app.StartAsync();
        return new TestBridge(app, time, directory);
    }

    /// <summary>Starts the bridge as <c>--dev</c> does, on the system clock, with its data (and replica state) in <paramref name="directory"/>.</summary>
    public static async Task<TestBridge> StartDevAsync(string directory)
    {
        string[] args = ["--dev", $"--Dev:DataDirectory={directory}", "--Dev:ReplicaPort=0", "--urls=http://127.0.0.1:0"];
        var app = await BridgeApp.BuildAsync(args, builder => builder.Logging.SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Warning));
        await app.StartAsync();
        return new TestBridge(app, null, directory);
    }

    public static Dictionary<string, string> DefaultSettings(string directory)
    {
        string poster = Path.Combine(directory, "poster.pem"), payout = Path.Combine(directory, "payout.pem");
        if (!File.Exists(poster)) WriteKey(poster, Ed25519Identity.Generate().ToPem());
        if (!File.Exists(payout)) WriteKey(payout, Ed25519Identity.Generate().ToPem());
        var settings = new Dictionary<string, string>
        {
            ["Bridge:NetworkId"] = NetworkId,
            ["Bridge:Genesis"] = "2026-01-01T00:00:00Z",
            ["Bridge:PostBatches"] = "false",
            ["Rewards:FeeAccount"] = "2vxsx-fae",
            ["Ic:Url"] = "http://127.0.0.1:9",
            ["Ic:RollupCanister"] = "lxzze-o7777-77777-aaaaa-cai",
            ["Ic:RewardLedger"] = "ryjl3-tyaaa-aaaaa-aaaba-cai",
            ["Keys:Poster"] = poster,
            ["Keys:Payout"] = payout,
        };
        // The store this project tests on (SQLite here; Bridge.Service.Postgres.Tests links this file with its own).
        foreach (var (key, value) in TestStoreSettings.For(directory)) settings[key] = value;
        return settings;
    }

    /// <summary>Writes a secret file as the bridge wants it: owner-only (0600).</summary>
    public static void WriteKey(string path, string text)
    {
        File.WriteAllText(path, text);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    public static DateTimeOffset FromNanos(ulong ns) => DateTimeOffset.UnixEpoch.AddTicks((long)(ns / 100));

    public void SetNow(ulong ns) => Time!.SetUtcNow(FromNanos(ns));

    /// <summary>Stops the bridge but keeps its directory (a restart test starts another on it).</summary>
    public async Task StopAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _stopped = true;
    }

    private bool _stopped;

    public async ValueTask DisposeAsync()
    {
        if (_stopped)
        {
            try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
            return;
        }
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}
