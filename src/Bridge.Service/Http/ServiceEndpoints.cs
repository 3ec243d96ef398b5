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
                JsonNat.Of(JsonNat.Nanos(b.Genesis!.Value)), JsonNat.Of((ulong)r.FirstPeriodEpochs), r.EmissionPerEpoch));
        }).WithName("GetInfo").WithSummary("The bridge's network, canisters, fee account and schedule");

        app.MapGet("/health", () => TypedResults.Ok(new HealthResponse("alive")))
            .WithName("GetHealth").WithSummary("Liveness: the process answers");

        app.MapGet("/ready", async Task<IResult> (Readiness readiness, CancellationToken ct) =>
        {
            var checks = await readiness.CheckAsync(ct);
            var failed = checks.Where(c => c.Value is not null).ToList();
            if (failed.Count == 0) return TypedResults.Ok(new ReadyResponse("ready", checks));
            return new Problem(StatusCodes.Status503ServiceUnavailable, ServiceProblemCodes.Unavailable,
                string.Join("; ", failed.Select(f => $"{f.Key}: {f.Value}"))).ToResult();
        }).WithName("GetReady").WithSummary("Readiness: store, rollup canister and reward ledger reachable, posting and paying not halted")
          .Produces<ReadyResponse>().ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        app.MapGet("/metrics", (BridgeMetrics metrics) => TypedResults.Text(metrics.Render(), "text/plain; version=0.0.4; charset=utf-8"))
            .WithName("GetMetrics").WithSummary("Prometheus text exposition");
    }
}

/// <summary>The answer of <c>GET /v1/info</c> (section 8); integers are decimal strings.</summary>
public sealed record InfoResponse(
    string NetworkId, string RollupCanister, string RewardLedger, string FeeAccount, string ReplicaUrl,
    string BatchIntervalS, string ChallengeWindowS, string EpochLengthS, string GenesisNs, string FirstPeriodEpochs, string EmissionPerEpoch);

/// <summary>The answer of <c>GET /health</c>.</summary>
public sealed record HealthResponse(string Status);

/// <summary>The answer of <c>GET /ready</c> when every check passed.</summary>
public sealed record ReadyResponse(string Status, IReadOnlyDictionary<string, string?> Checks);
