using System.Diagnostics;
using Bridge.CrashTests.Checks;
using Bridge.CrashTests.Processes;
using Bridge.CrashTests.World;
using Bridge.Service.Ic.Rollup;
using Icp.Agent.Identities;
using Xunit.Abstractions;

namespace Bridge.CrashTests;

/// <summary>
/// Two bridge processes on one PostgreSQL database, both taking receipts. The active one (the lease's holder) is
/// killed with SIGKILL at several points and the other takes over once the lease expires; then the active one is
/// frozen with SIGSTOP until the other has taken over and posted, and woken with SIGCONT: it writes nothing (it steps
/// down; a write it still started would be refused by the fencing token) and the lease stays the successor's. The
/// end checks hold throughout.
/// </summary>
[Collection(CrashCollection.Name)]
public sealed class TwoBridgesCrashTests(ITestOutputHelper output)
{
    private const int Takeovers = 8;
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Active_bridge_killed_or_frozen_is_replaced_and_a_woken_stale_leader_writes_nothing()
    {
        int seed = CrashScene.Seed(output, "two bridges");
        var random = new Random(seed);
        var total = Stopwatch.StartNew();
        string database = Bridge.Service.Tests.PostgresTestDatabase.NewSchema();
        await using var world = await CrashWorld.StartAsync("two-bridges", new Dictionary<string, string>
        {
            ["Store:Provider"] = "postgres", ["Store:ConnectionString"] = database,
            ["Leadership:LeaseDuration"] = LeaseDuration.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
        });
        output.WriteLine($"[two] {world.Setup}; logs in {world.Logs}");
        await using var a = Instance(world, "a");
        await using var b = Instance(world, "b");
        await Task.WhenAll(a.StartAsync(world.Http), b.StartAsync(world.Http));
        await CrashScene.RegisterNodesAsync(world, a.Url);
        var driver = new ReceiptDriver(world, [a.Url, b.Url], $"two-{seed}");
        using var stop = new CancellationTokenSource();
        var driving = driver.RunAsync(3, stop.Token);
        var campaign = new CrashCampaign(output, random, "two");

        for (int i = 0; i < Takeovers; i++)
        {
            var lease = await LeaseRow.WaitAsync(database, r => r.Holder is "a" or "b", TimeSpan.FromSeconds(30));
            var (active, other) = lease.Holder == "a" ? (a, b) : (b, a);
            await campaign.KillRunningAsync(active, (KillPhase)(i % 4));
            var killed = Stopwatch.StartNew();
            var taken = await LeaseRow.WaitAsync(database, r => r.Holder == other.Name, TimeSpan.FromSeconds(30));
            Assert.True(taken.Token > lease.Token, $"the takeover kept fencing token {lease.Token}");
            output.WriteLine($"[two] {other.Name} took over {killed.ElapsedMilliseconds} ms after the kill (lease {LeaseDuration.TotalSeconds} s), token {lease.Token} -> {taken.Token}");
            await active.StartAsync(world.Http);
        }

        // A stale leader: frozen while active (aimed at payouts in flight), woken after the other took over and posted.
        // Woken, it writes nothing: its lease loop sees the lapse on its monotonic clock and stops the workers; a write
        // that still started would be refused by the fencing token ("nothing was written"), and a transaction frozen
        // midway is ended by the server (idle_in_transaction_session_timeout). The lease stays the successor's.
        BridgeProcess successor = a;
        for (int freeze = 1; freeze <= 2; freeze++)
        {
            var before = await LeaseRow.WaitAsync(database, r => r.Holder is "a" or "b", TimeSpan.FromSeconds(30));
            var (stale, next) = before.Holder == "a" ? (a, b) : (b, a);
            successor = next;
            await new BridgeWatcher().WaitForAsync(stale.Url, KillPhase.Paying, TimeSpan.FromSeconds(6));
            stale.Process!.Pause();
            var frozen = Stopwatch.StartNew();
            var after = await LeaseRow.WaitAsync(database, r => r.Holder == successor.Name, TimeSpan.FromSeconds(30));
            var rollup = new RollupClient(world.Agent(AnonymousIdentity.Instance), world.RollupId);
            ulong postedAtTakeover = (await rollup.LastBatchAsync())?.Header.Sequence ?? 0;
            var posted = Stopwatch.StartNew();
            while (((await rollup.LastBatchAsync())?.Header.Sequence ?? 0) < postedAtTakeover + 1)
            {
                Assert.True(posted.Elapsed < TimeSpan.FromSeconds(30), $"{successor.Name} posted nothing after taking over");
                await Task.Delay(100);
            }
            long logFrom = new FileInfo(LogOf(world, stale)).Length;
            stale.Process.Resume();
            output.WriteLine($"[two] freeze {freeze}: {stale.Name} frozen (SIGSTOP) {frozen.ElapsedMilliseconds} ms; {successor.Name} took over with token {after.Token} (was {before.Token}) and posted batch {postedAtTakeover + 1}; {stale.Name} woken (SIGCONT)");
            string woken = await WaitForLogAsync(LogOf(world, stale), logFrom, "lost the active role", TimeSpan.FromSeconds(20));
            // Refused: by the fencing check (LeaseLostException), or the frozen transaction itself, ended by the server
            // (idle_in_transaction_session_timeout) so that the takeover could lock the lease row; both write nothing.
            int refused = CountOf(woken, "nothing was written");
            int ended = CountOf(woken, "idle-in-transaction timeout");
            output.WriteLine($"[two] freeze {freeze}: {stale.Name} after waking: {refused} writes refused by the fencing token, {ended} frozen transactions ended by the server, then stepped down");
            var now = await LeaseRow.ReadAsync(database);
            Assert.Equal(successor.Name, now.Holder);
            Assert.Equal(after.Token, now.Token);
        }

        stop.Cancel();
        await driving;
        Assert.Empty(driver.Problems);
        var quietWatch = Stopwatch.StartNew();
        var quiet = await CrashCampaign.WaitQuietAsync(successor.Url, driver, TimeSpan.FromSeconds(240));
        string checks = await EndChecks.RunAsync(world, successor.Url, driver, quiet);
        output.WriteLine($"[two] {campaign.Summary}");
        output.WriteLine($"[two] driver: {driver.Summary}");
        output.WriteLine($"[two] quiet period {quietWatch.Elapsed.TotalSeconds:F1} s, total {total.Elapsed.TotalSeconds:F1} s");
        output.WriteLine($"[two] end checks: {checks}");
    }

    private static BridgeProcess Instance(CrashWorld world, string name) =>
        new(name, CrashScene.FreePort(), new Dictionary<string, string>(world.Settings) { ["Leadership:InstanceId"] = name },
            Path.Combine(world.Logs, $"bridge-{name}.log"));

    private static string LogOf(CrashWorld world, BridgeProcess instance) => Path.Combine(world.Logs, $"bridge-{instance.Name}.log");

    private static async Task<string> WaitForLogAsync(string path, long from, string text, TimeSpan limit)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            await Task.Delay(500);
            string tail = ReadFrom(path, from);
            if (tail.Contains(text, StringComparison.Ordinal) || watch.Elapsed > limit)
            {
                Assert.True(tail.Contains(text, StringComparison.Ordinal), $"the woken instance never logged '{text}':\n{tail}");
                await Task.Delay(1000);
                return ReadFrom(path, from);
            }
        }
    }

    private static string ReadFrom(string path, long from)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Seek(from, SeekOrigin.Begin);
        return new StreamReader(stream).ReadToEnd();
    }

    private static int CountOf(string text, string what)
    {
        int count = 0;
        for (int i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + what.Length, StringComparison.Ordinal)) count++;
        return count;
    }
}
