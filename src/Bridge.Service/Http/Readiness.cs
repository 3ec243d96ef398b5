using Bridge.Service.Configuration;
using Bridge.Service.Ic;
using Bridge.Service.Leadership;
using Bridge.Service.Posting;
using Bridge.Service.Roles;
using Bridge.Service.Store;
using Microsoft.Extensions.Options;

namespace Bridge.Service.Http;

/// <summary>
/// What <c>GET /ready</c> checks: the store, the rollup canister and the reward ledger answer; no role is halted; and
/// posting keeps up (when receipts or a cut batch older than two batch intervals wait, a batch was posted within two
/// intervals). The halts and the posting check describe the store every instance shares, so they fail on every
/// instance alike.
/// </summary>
public sealed class Readiness(IBridgeStore store, BridgeIc ic, RoleHalts halts, ILeadership leadership, IOptions<BridgeOptions> options,
    TimeProvider time)
{
    /// <summary>Runs every check (the network ones with a 10 s limit each) and reports them with this instance's leadership.</summary>
    public async Task<ReadinessReport> CheckAsync(CancellationToken ct)
    {
        var checks = new List<ReadinessCheck>
        {
            await Run("store", async () => { await store.PingAsync(ct); return "reachable"; }),
            await Run("canister", async () => { await ic.Rollup.GetConfigAsync(ct); return $"{ic.RollupId} answers"; }),
            await Run("ledger", async () => { await ic.RewardLedger.FeeAsync(ct); return $"{ic.RewardLedgerId} answers"; }),
        };
        foreach (var role in BridgeRoles.All)
            checks.Add(await Run(role.Name(), async () => await halts.ReasonAsync(role, ct) is { } reason
                ? throw new RoleHaltedException(reason)
                : "not halted"));
        checks.Add(await Run("batches", async () =>
        {
            var limit = options.Value.BatchInterval * 2;
            var progress = await PostingProgress.ReadAsync(store, ct);
            string? late = await progress.LateAsync(store, JsonNat.Nanos(time.GetUtcNow()), limit, ct);
            if (late is not null) throw new PostingLateException(late);
            return progress.LastPosted is { } b ? $"last posted batch {b.Sequence}" : "nothing waits to be posted";
        }));
        var active = BridgeRoles.All.Where(r => RoleActivity.IsActive(r, leadership, options.Value)).Select(r => r.Name()).ToList();
        var lease = new LeadershipReport(leadership.IsLeader, leadership.Token, (leadership as LeaseLeadership)?.Holder, active);
        return new ReadinessReport(checks.TrueForAll(c => c.Status == ReadinessCheck.Ok) ? "ready" : "not_ready", checks, lease);
    }

    private static async Task<ReadinessCheck> Run(string name, Func<Task<string>> check)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            return new ReadinessCheck(name, ReadinessCheck.Ok, await check().WaitAsync(timeout.Token));
        }
        catch (RoleHaltedException e)
        {
            return new ReadinessCheck(name, ReadinessCheck.Failed, "halted: " + e.Message);
        }
        catch (PostingLateException e)
        {
            return new ReadinessCheck(name, ReadinessCheck.Failed, e.Message);
        }
        catch (Exception e)
        {
            return new ReadinessCheck(name, ReadinessCheck.Failed, e.GetType().Name + ": " + e.Message);
        }
    }

    private sealed class RoleHaltedException(string reason) : Exception(reason);

    private sealed class PostingLateException(string why) : Exception(why);
}

/// <summary>The answer of <c>GET /ready?full</c>: every check, and this instance's leadership.</summary>
/// <param name="Status"><c>ready</c> or <c>not_ready</c>.</param>
/// <param name="Checks">Each check in a fixed order.</param>
/// <param name="Leadership">Whether this instance holds the active role, and which roles it runs.</param>
public sealed record ReadinessReport(string Status, IReadOnlyList<ReadinessCheck> Checks, LeadershipReport Leadership)
{
    /// <summary>Whether every check passed.</summary>
    public bool IsReady => Status == "ready";
}

/// <summary>One readiness check.</summary>
/// <param name="Name"><c>store</c>, <c>canister</c>, <c>ledger</c>, <c>posting</c>, <c>settling</c>, <c>paying</c> or <c>batches</c>.</param>
/// <param name="Status"><c>ok</c> or <c>failed</c>.</param>
/// <param name="Detail">What was found (for a failure: what failed and why).</param>
public sealed record ReadinessCheck(string Name, string Status, string Detail)
{
    /// <summary>The check passed.</summary>
    public const string Ok = "ok";

    /// <summary>The check failed.</summary>
    public const string Failed = "failed";
}

/// <summary>This instance's part in the active role.</summary>
/// <param name="Active">Whether it holds the active role now.</param>
/// <param name="Token">The fencing token of its term (0 when not active).</param>
/// <param name="Instance">Its holder id in the lease row (null for the embedded store, which has no lease).</param>
/// <param name="Roles">The roles it runs now.</param>
public sealed record LeadershipReport(bool Active, long Token, string? Instance, IReadOnlyList<string> Roles);
