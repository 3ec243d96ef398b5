using System.Globalization;
using System.Numerics;
using Bridge.Client.Http;
using Bridge.Client.Models;
using Bridge.Core.Rewards;
using Icp.Ledger;

namespace GpuNodeSimulator;

/// <summary>
/// Follows the epochs that hold this run's receipts (from the epoch under way at the start on) as the bridge settles,
/// posts and pays them, and once one is paid prints the reward ledger's balances of the nodes' owners and the
/// requesters, with what each received in that epoch.
/// </summary>
internal sealed class RewardWatcher(BridgeClient bridge, IcrcLedger ledger, Simulator simulator, BridgeInfo info)
{
    private readonly Dictionary<ulong, string> _states = [];
    private readonly EpochCalendar _calendar = new(info.GenesisNs, (ulong)info.EpochLength.Ticks * 100);
    private ulong _next;

    /// <summary>The first epoch not yet paid (at the start: the epoch under way).</summary>
    public ulong NextEpoch => _next = _next == 0 ? EpochNow() : _next;

    /// <summary>The last epoch to wait for, once sending has stopped.</summary>
    public ulong? Until { get; set; }

    /// <summary>True once every epoch up to <see cref="Until"/> is paid.</summary>
    public bool Done => Until is { } until && NextEpoch > until;

    /// <summary>The epoch under way <paramref name="after"/> from now (1 before genesis).</summary>
    public ulong EpochNow(TimeSpan after = default) =>
        Math.Max(1, _calendar.EpochOf((ulong)(DateTimeOffset.UtcNow + after - DateTimeOffset.UnixEpoch).Ticks * 100));

    /// <summary>Reads the epochs from the first not yet paid on, up to the open one, and says what changed.</summary>
    public async Task WatchAsync(CancellationToken ct)
    {
        for (ulong e = NextEpoch; ; e++)
        {
            var epoch = await bridge.GetEpochAsync(e, ct);
            if (epoch is null || epoch.State == "open") return;
            if (!_states.TryGetValue(e, out var before) || before != epoch.State)
            {
                _states[e] = epoch.State;
                Log.Line(Describe(epoch));
                if (epoch.State == "paid") await PrintBalancesAsync(epoch, ct);
            }
            if (epoch.State != "paid") return;
            if (e == _next) _next = e + 1;
        }
    }

    private static string Describe(BridgeEpoch epoch)
    {
        string batches = epoch.LastBatch < epoch.FirstBatch ? "no batch" : $"batches {epoch.FirstBatch}..{epoch.LastBatch}";
        return epoch.State switch
        {
            "settled" => $"epoch {epoch.Epoch} settled: {batches}, {Count(epoch.Lines.Count, "line")}, {epoch.TotalPayout} in all, {Count(epoch.Ineligible.Count, "receipt")} ineligible",
            "posted" => $"epoch {epoch.Epoch} posted: distribution root {Log.Short(epoch.DistributionRoot ?? [])} on the rollup canister",
            "paid" => $"epoch {epoch.Epoch} paid: {Count(epoch.Lines.Count(l => l.Status == "paid"), "line")} paid on the ledger" +
                      (epoch.Lines.Any(l => l.Status == "held") ? $", {epoch.Lines.Count(l => l.Status == "held")} held" : ""),
            _ => $"epoch {epoch.Epoch} {epoch.State}",
        };
    }

    private static string Count(int n, string what) => n == 1 ? $"1 {what}" : $"{n} {what}s";

    private async Task PrintBalancesAsync(BridgeEpoch epoch, CancellationToken ct)
    {
        var accounts = simulator.Nodes.Select(n => (Name: n.Name + "'s owner", Principal: n.Owner.Principal))
            .Concat(simulator.Requesters.Select(r => (r.Name, Principal: r.Key.Principal)));
        foreach (var (name, principal) in accounts)
        {
            var received = epoch.Lines.Where(l => l.Owner == principal && l.Subaccount is null && l.Status == "paid")
                .Aggregate(BigInteger.Zero, (sum, l) => sum + l.Amount);
            var balance = await ledger.BalanceOfAsync(Account.Of(principal), ct);
            Log.Line($"  {name} {Log.Short(principal)}: {balance} tokens on the ledger" +
                     (received.IsZero ? "" : $", +{new TokenAmount(new Icp.Candid.Nat(received), balance.Decimals)} from epoch {epoch.Epoch.ToString(CultureInfo.InvariantCulture)}"));
        }
    }
}
