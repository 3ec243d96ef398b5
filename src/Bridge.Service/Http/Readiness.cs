using Bridge.Service.Ic;
using Bridge.Service.Settling;
using Bridge.Service.Payouts;
using Bridge.Service.Store;

namespace Bridge.Service.Http;

/// <summary>What <c>GET /ready</c> checks: the store, the rollup canister and the reward ledger answer, and no role (posting, settling, paying) is halted.</summary>
public sealed class Readiness(IBridgeStore store, BridgeIc ic, PostingAlert alert, SettlingAlert settling, PayingAlert paying)
{
    /// <summary>Each check's name and failure (null when it passed).</summary>
    public async Task<IReadOnlyDictionary<string, string?>> CheckAsync(CancellationToken ct)
    {
        var results = new Dictionary<string, string?>
        {
            ["store"] = await Try(() => store.PingAsync(ct)),
            ["canister"] = await Try(() => ic.Rollup.GetConfigAsync(ct)),
            ["ledger"] = await Try(() => ic.RewardLedger.FeeAsync(ct)),
            ["posting"] = alert.Reason,
            ["settling"] = settling.Reason,
            ["paying"] = paying.Reason,
        };
        return results;
    }

    private static async Task<string?> Try(Func<Task> check)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await check().WaitAsync(timeout.Token);
            return null;
        }
        catch (Exception e)
        {
            return e.GetType().Name + ": " + e.Message;
        }
    }
}

/// <summary>The poster's halt alert: set when another writer is using the canister; shown by <c>/ready</c>.</summary>
public sealed class PostingAlert
{
    private volatile string? _reason;

    /// <summary>Why posting halted, or null.</summary>
    public string? Reason => _reason;

    /// <summary>Raises the alert.</summary>
    public void Raise(string reason) => _reason = reason;
}
