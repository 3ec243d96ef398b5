using System.Diagnostics;
using Bridge.CrashTests.Checks;
using Bridge.CrashTests.Processes;
using Bridge.CrashTests.World;
using Xunit.Abstractions;

namespace Bridge.CrashTests;

/// <summary>
/// One bridge process killed with SIGKILL again and again, aimed at intake, batch posting, epoch settlement and
/// payouts, while receipts arrive; restarted each time. After a quiet period the end checks must hold.
/// </summary>
[Collection(CrashCollection.Name)]
public sealed class SingleBridgeCrashTests(ITestOutputHelper output)
{
    /// <summary>50 kills per store; <c>BRIDGE_CRASH_KILLS</c> sets another number (a quick local run, a long soak).</summary>
    private static int KillsPerStore => Environment.GetEnvironmentVariable("BRIDGE_CRASH_KILLS") is { Length: > 0 } k
        ? int.Parse(k, System.Globalization.CultureInfo.InvariantCulture) : 50;

    [Fact]
    public Task Bridge_on_sqlite_killed_again_and_again_loses_nothing_and_does_nothing_twice() =>
        RunAsync("sqlite", dir => new Dictionary<string, string>
        {
            ["Store:Provider"] = "sqlite", ["Store:ConnectionString"] = $"Data Source={Path.Combine(dir, "bridge.db")}",
        });

    [Fact]
    public Task Bridge_on_postgres_killed_again_and_again_loses_nothing_and_does_nothing_twice() =>
        RunAsync("postgres", _ => new Dictionary<string, string>
        {
            ["Store:Provider"] = "postgres", ["Store:ConnectionString"] = Bridge.Service.Tests.PostgresTestDatabase.NewSchema(),
        });

    private async Task RunAsync(string name, Func<string, Dictionary<string, string>> store)
    {
        int seed = CrashScene.Seed(output, name);
        var total = Stopwatch.StartNew();
        string directory = Path.Combine(Path.GetTempPath(), $"bridge-crash-store-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        try
        {
            await using var world = await CrashWorld.StartAsync(name, store(directory));
            output.WriteLine($"[{name}] {world.Setup}; logs in {world.Logs}");
            await using var bridge = new BridgeProcess("bridge", CrashScene.FreePort(), world.Settings, Path.Combine(world.Logs, "bridge.log"));
            await bridge.StartAsync(world.Http);
            await CrashScene.RegisterNodesAsync(world, bridge.Url);

            var driver = new ReceiptDriver(world, [bridge.Url], $"{name}-{seed}");
            using var stop = new CancellationTokenSource();
            var driving = driver.RunAsync(3, stop.Token);
            var campaign = new CrashCampaign(output, new Random(seed), name);
            var kills = Stopwatch.StartNew();
            await campaign.KillRunningAsync(bridge, KillPhase.Intake);
            for (int i = 1; i < KillsPerStore; i++) await campaign.KillOnceAsync(bridge, world.Http, (KillPhase)(i % 4));
            kills.Stop();
            stop.Cancel();
            await driving;
            Assert.Empty(driver.Problems);

            var quietWatch = Stopwatch.StartNew();
            await bridge.StartAsync(world.Http);
            var quiet = await CrashCampaign.WaitQuietAsync(bridge.Url, driver, TimeSpan.FromSeconds(240));
            quietWatch.Stop();
            string checks = await EndChecks.RunAsync(world, bridge.Url, driver, quiet);
            output.WriteLine($"[{name}] {campaign.Summary}");
            output.WriteLine($"[{name}] driver: {driver.Summary}");
            output.WriteLine($"[{name}] kills {kills.Elapsed.TotalSeconds:F1} s, quiet period {quietWatch.Elapsed.TotalSeconds:F1} s, total {total.Elapsed.TotalSeconds:F1} s");
            output.WriteLine($"[{name}] end checks: {checks}");
            Assert.Equal(KillsPerStore, campaign.Total);
        }
        finally
        {
            try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
        }
    }
}
