using System.Diagnostics;
using Bridge.Client.Http;
using Bridge.Client.Models;
using Bridge.CrashTests.Processes;
using Xunit.Abstractions;

namespace Bridge.CrashTests.World;

/// <summary>
/// Kills a bridge process with SIGKILL again and again while the driver runs: each round starts it, waits for the
/// phase it aims at (round robin over <see cref="KillPhase"/>), waits a seeded random jitter, kills it. Prints one
/// line per kill (phase, whether the phase was seen, start time, wait, jitter), so a failing seed can be replayed.
/// </summary>
internal sealed class CrashCampaign(ITestOutputHelper output, Random random, string label)
{
    private readonly BridgeWatcher _watcher = new();

    public Dictionary<KillPhase, int> Kills { get; } = Enum.GetValues<KillPhase>().ToDictionary(p => p, _ => 0);

    public Dictionary<KillPhase, int> Seen { get; } = Enum.GetValues<KillPhase>().ToDictionary(p => p, _ => 0);

    public List<TimeSpan> StartTimes { get; } = [];

    public int Total => Kills.Values.Sum();

    /// <summary>One round on <paramref name="bridge"/>, which must not be running: start, aim, kill.</summary>
    public async Task KillOnceAsync(BridgeProcess bridge, HttpClient http, KillPhase phase)
    {
        var startup = await bridge.StartAsync(http);
        StartTimes.Add(startup);
        await KillRunningAsync(bridge, phase, startup);
    }

    /// <summary>Aims at <paramref name="phase"/> on the running <paramref name="bridge"/> and kills it.</summary>
    public async Task KillRunningAsync(BridgeProcess bridge, KillPhase phase, TimeSpan? startup = null)
    {
        var waited = Stopwatch.StartNew();
        bool seen = await _watcher.WaitForAsync(bridge.Url, phase, TimeSpan.FromSeconds(phase is KillPhase.Settling or KillPhase.Paying ? 6 : 4));
        waited.Stop();
        int jitter = phase switch
        {
            KillPhase.Intake => random.Next(0, 1000),
            KillPhase.Posting => random.Next(0, 150),
            KillPhase.Settling => random.Next(0, 100),
            _ => random.Next(0, 200),
        };
        await Task.Delay(jitter);
        await bridge.KillAsync();
        Kills[phase]++;
        if (seen) Seen[phase]++;
        output.WriteLine($"[{label}] kill {Total,3} {bridge.Name} {phase,-8} {(seen ? "seen" : "not seen"),-8} " +
            $"start {(startup is { } s ? $"{s.TotalMilliseconds,5:F0} ms" : "   -    ")} wait {waited.ElapsedMilliseconds,5} ms jitter {jitter,4} ms");
    }

    public string Summary =>
        $"{Total} kills ({string.Join(", ", Kills.Select(k => $"{k.Key} {k.Value} ({Seen[k.Key]} seen)"))})" +
        (StartTimes.Count > 0 ? $"; start to /health: median {Median(StartTimes):F0} ms, max {StartTimes.Max().TotalMilliseconds:F0} ms" : "");

    private static double Median(List<TimeSpan> times) => times.Order().ElementAt(times.Count / 2).TotalMilliseconds;

    /// <summary>
    /// The quiet period: no receipts come; waits until every batch is final, every acknowledged receipt is batched,
    /// and the epochs are paid up to one that covers the last batch. Returns that batch count and epoch.
    /// </summary>
    public static async Task<(ulong Batches, ulong Epoch)> WaitQuietAsync(Uri bridge, ReceiptDriver driver, TimeSpan limit)
    {
        using var http = new HttpClient { BaseAddress = bridge, Timeout = TimeSpan.FromSeconds(30) };
        var client = new BridgeClient(http);
        var watch = Stopwatch.StartNew();
        string state = "nothing read";
        while (watch.Elapsed < limit)
        {
            var batches = await Paging.AllAsync((from, n) => client.GetBatchesAsync(from, n));
            ulong receipts = batches.Aggregate(0UL, (s, b) => s + b.ReceiptCount);
            if (batches.All(b => b.Status == BridgeBatchStatus.Final) && receipts >= (ulong)driver.Acknowledged.Count)
            {
                ulong count = (ulong)batches.Count;
                var epochs = await Paging.AllAsync((from, n) => client.GetEpochsAsync(from, n));
                foreach (var epoch in epochs)
                {
                    if (epoch.State != "paid") break;
                    if (epoch.LastBatch >= count) return (count, epoch.Epoch);
                }
                state = $"{batches.Count} batches final, epochs {string.Join(' ', epochs.Select(e => e.State[0]))}";
            }
            else state = $"{batches.Count(b => b.Status != BridgeBatchStatus.Final)} batches not final, {receipts} of {driver.Acknowledged.Count} receipts batched";
            await Task.Delay(250);
        }
        throw new TimeoutException($"not quiet after {limit}: {state}");
    }
}
