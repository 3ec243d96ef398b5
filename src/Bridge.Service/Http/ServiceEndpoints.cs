using Bridge.Service.Configuration;
using Bridge.Service.Ic;
using Icp.Ledger;
using Microsoft.Extensions.Options;

namespace Bridge.Service.Http;

/// <summary><c>GET /v1/info</c>, <c>/health</c>, <c>/ready</c> and <c>/metrics</c> (section 8).</summary>
internal static class ServiceEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/v1/info", (IOptions<BridgeOptions> bridge, IOptions<RewardsOptions> rewards, BridgeIc ic) =>
        {
            var b = bridge.Value;
            var r = rewards.Value;
            return TypedResults.Ok(new InfoResponse(
                b.NetworkId, ic.RollupId.ToString(), ic.RewardLedgerId.ToString(), Account.Parse(r.FeeAccount!).ToString(), ic.Url.ToString(),
                JsonNat.Of(JsonNat.Seconds(b.BatchInterval)), JsonNat.Of(JsonNat.Seconds(b.ChallengeWindow)), JsonNat.Of(JsonNat.Seconds(b.EpochLength)),
                JsonNat.Of(JsonNat.Nanos(b.Genesis!.Value)), JsonNat.Of((ulong)r.FirstPeriodEpochs), r.EmissionPerEpoch,
                Account.Of(ic.PayoutAgent.Sender).ToString()));
        }).WithName("GetInfo").WithSummary("The bridge's network, canisters, fee account, schedule and payout account");

        app.MapGet("/health", () => TypedResults.Ok(new HealthResponse("alive")))
            .WithName("GetHealth").WithSummary("Liveness: the process answers");

        app.MapGet("/ready", async Task<IResult> (HttpRequest request, Readiness readiness, CancellationToken ct) =>
        {
            var report = await readiness.CheckAsync(ct);
            if (IsSet(request.Query, "full"))
                return TypedResults.Json(report, statusCode: report.IsReady ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
            if (report.IsReady) return TypedResults.Ok(new ReadyResponse("ready"));
            return new Problem(StatusCodes.Status503ServiceUnavailable, ServiceProblemCodes.Unavailable,
                string.Join("; ", report.Checks.Where(c => c.Status != ReadinessCheck.Ok).Select(c => $"{c.Name}: {c.Detail}"))).ToResult();
        }).WithName("GetReady")
          .WithSummary("Readiness: store, canister and ledger reachable, no role halted, posting within two batch intervals; ?full: every check and the leadership")
          .Produces<ReadyResponse>().Produces<ReadinessReport>(StatusCodes.Status200OK).ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        app.MapGet("/metrics", async (HttpContext context, MetricsScrape scrape) =>
        {
            context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await scrape.WriteAsync(context.Response.Body, context.RequestAborted);
        })
            .WithName("GetMetrics").WithSummary("Prometheus text exposition").Produces<string>(contentType: "text/plain");
    }

    // "?full", "?full=true" and "?full=1" ask for it; "?full=false" and "?full=0" do not.
    private static bool IsSet(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var values) && values.All(v => v is not ("false" or "0"));
}

/// <summary>
/// The answer of <c>GET /v1/info</c> (section 8); integers are decimal strings. <c>payout_account</c> (ICRC-1 text, the
/// account every reward transfer comes from) is added to the protocol's members so a verifier can check that no block
/// leaving it lacks a line without being told the account.
/// </summary>
public sealed record InfoResponse(
    string NetworkId, string RollupCanister, string RewardLedger, string FeeAccount, string ReplicaUrl,
    string BatchIntervalS, string ChallengeWindowS, string EpochLengthS, string GenesisNs, string FirstPeriodEpochs, string EmissionPerEpoch,
    string PayoutAccount);

/// <summary>The answer of <c>GET /health</c>.</summary>
public sealed record HealthResponse(string Status);

/// <summary>The answer of <c>GET /ready</c> (without <c>?full</c>) when every check passed.</summary>
public sealed record ReadyResponse(string Status);
