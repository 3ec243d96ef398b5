using Bridge.Core.Rewards;
using Bridge.Service.Configuration;
using Bridge.Service.Ic;
using Bridge.Service.Store;
using Icp.Candid;
using Icp.Ledger;
using Microsoft.Extensions.Options;

namespace Bridge.Service.Http;

/// <summary>
/// <c>GET /v1/epochs</c>, <c>/v1/epochs/{e}</c> and <c>/v1/accounts/{account}/rewards</c> (section 7). An epoch the
/// settler has not stored yet is shown <c>open</c>, with the batches that end in it so far and no lines.
/// </summary>
internal static class EpochEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/v1/epochs", async Task<IResult> (string? from, string? limit, IBridgeStore store, BridgeIc ic, TimeProvider time,
            IOptions<BridgeOptions> bridge, CancellationToken ct) =>
        {
            if (!QueryValues.TryPage(from, limit, out long start, out int count, out var problem)) return problem!.ToResult();
            var calendar = Calendar(bridge.Value);
            ulong current = calendar.EpochOf(JsonNat.Nanos(time.GetUtcNow()));
            var epochs = new List<EpochResponse>();
            for (long e = Math.Max(start, 1); e <= (long)current && epochs.Count < count; e++)
                epochs.Add(await EpochOf(e, calendar, store, ic, ct));
            return TypedResults.Ok(epochs);
        }).WithName("ListEpochs").WithSummary("Epochs from one on, up to the current one")
          .Produces<List<EpochResponse>>().ProducesProblem(400);

        app.MapGet("/v1/epochs/{e}", async Task<IResult> (string e, IBridgeStore store, BridgeIc ic, TimeProvider time,
            IOptions<BridgeOptions> bridge, CancellationToken ct) =>
        {
            if (!QueryValues.TryNat(e, "e", 1, out long epoch, out var problem)) return problem!.ToResult();
            var calendar = Calendar(bridge.Value);
            if ((ulong)epoch > calendar.EpochOf(JsonNat.Nanos(time.GetUtcNow()))) return Problem.NotFound($"e: epoch {epoch} has not begun").ToResult();
            return TypedResults.Ok(await EpochOf(epoch, calendar, store, ic, ct));
        }).WithName("GetEpoch").WithSummary("An epoch's header, state, lines and ineligible receipts")
          .Produces<EpochResponse>().ProducesProblem(400).ProducesProblem(404);

        app.MapGet("/v1/accounts/{account}/rewards", async Task<IResult> (string account, IBridgeStore store, IOptions<BridgeOptions> bridge, CancellationToken ct) =>
        {
            if (!Account.TryParse(account, out var parsed)) return Problem.Malformed($"account: '{account}' is not an ICRC-1 account text").ToResult();
            var lines = await store.GetAccountLinesAsync(parsed.Owner.ToArray(), parsed.IsDefaultSubaccount ? null : parsed.Subaccount, ct);
            return TypedResults.Ok(new AccountRewardsResponse(parsed.ToString(), lines.Select(LineResponse.Of).ToList()));
        }).WithName("GetAccountRewards").WithSummary("An account's reward lines over all epochs")
          .Produces<AccountRewardsResponse>().ProducesProblem(400);
    }

    internal static EpochCalendar Calendar(BridgeOptions o) => new(JsonNat.Nanos(o.Genesis!.Value), (ulong)o.EpochLength.Ticks * 100);

    private static async Task<EpochResponse> EpochOf(long epoch, EpochCalendar calendar, IBridgeStore store, BridgeIc ic, CancellationToken ct)
    {
        ulong start = Clamp(calendar.StartNs((ulong)epoch)), end = Clamp(calendar.EndNs((ulong)epoch));
        if (await store.GetEpochAsync(epoch, ct) is { } settled)
        {
            var lines = await store.GetLinesAsync(epoch, ct);
            var ineligible = await store.GetIneligibleAsync(epoch, ct);
            return new EpochResponse(JsonNat.Of(epoch), JsonNat.Of(start), JsonNat.Of(end), JsonNat.Of(settled.FirstBatch), JsonNat.Of(settled.LastBatch),
                settled.State, JsonNat.Hex(settled.DistributionRoot), JsonNat.Of(settled.TotalPayout), ic.RewardLedgerId.ToString(),
                lines.Select(LineResponse.Of).ToList(),
                ineligible.Select(i => new IneligibleResponse(Principal.FromBytes(i.Provider).ToString(), i.ReceiptId, i.Reason)).ToList());
        }
        var range = await store.GetBatchRangeAsync(start, end, ct);
        return new EpochResponse(JsonNat.Of(epoch), JsonNat.Of(start), JsonNat.Of(end), JsonNat.Of(range?.First), JsonNat.Of(range?.Last),
            "open", null, null, ic.RewardLedgerId.ToString(), [], []);
    }

    private static ulong Clamp(UInt128 ns) => ns > ulong.MaxValue ? ulong.MaxValue : (ulong)ns;
}

/// <summary>An epoch as the API shows it (section 7): integers as strings, lines and ineligible receipts.</summary>
public sealed record EpochResponse(string Epoch, string StartNs, string EndNs, string? FirstBatch, string? LastBatch, string State,
    string? DistributionRoot, string? TotalPayout, string Token, List<LineResponse> Lines, List<IneligibleResponse> Ineligible);

/// <summary>One payout line: the account, amount, line_hash and payment status.</summary>
public sealed record LineResponse(string Epoch, string Owner, string? Subaccount, string Amount, string LineHash, string Status, string? BlockIndex, string? Reason)
{
    /// <summary>The response for a stored line.</summary>
    public static LineResponse Of(StoredLine l) => new(JsonNat.Of(l.Epoch), Principal.FromBytes(l.Owner).ToString(),
        l.Subaccount is null ? null : JsonNat.Hex(l.Subaccount), JsonNat.Of(l.Amount), JsonNat.Hex(l.LineHash), l.Status,
        l.BlockIndex is { } b ? JsonNat.Of(b) : null, l.Reason);
}

/// <summary>A receipt of the epoch that earns nothing, and why.</summary>
public sealed record IneligibleResponse(string Provider, string ReceiptId, string Reason);

/// <summary>An account's reward lines.</summary>
public sealed record AccountRewardsResponse(string Account, List<LineResponse> Lines);
