using Bridge.Service.Configuration;
using Bridge.Service.Leadership;
using Bridge.Service.Posting;
using Bridge.Service.Roles;
using Bridge.Service.Store;
using Microsoft.Extensions.Options;

namespace Bridge.Service.Http;

/// <summary>
/// One <c>/metrics</c> scrape: reads the shared state (last posted batch, halts, payout lines per status) from the store and this instance's
/// leadership into <see cref="BridgeMetrics"/>'s gauges, then writes the exposition. A store that does not answer
/// leaves those gauges as the last scrape set them: the metrics still answer.
/// </summary>
internal sealed class MetricsScrape(BridgeMetrics metrics, IBridgeStore store, RoleHalts halts, ILeadership leadership, IOptions<BridgeOptions> options,
    TimeProvider time)
{
    public async Task WriteAsync(Stream stream, CancellationToken ct)
    {
        foreach (var role in BridgeRoles.All) metrics.SetRoleActive(role, RoleActivity.IsActive(role, leadership, options.Value));
        try
        {
            var progress = await PostingProgress.ReadAsync(store, ct);
            metrics.SetLastPosted(progress.LastPosted?.Sequence, progress.AgeSeconds(Http.JsonNat.Nanos(time.GetUtcNow())));
            foreach (var (role, reason) in await halts.ListAsync(ct)) metrics.SetHalted(role, reason is not null);
            var lines = await store.CountLinesAsync(ct);
            metrics.SetPayoutLines(new Dictionary<string, long>
            {
                ["pending"] = lines.GetValueOrDefault("pending"), ["paid"] = lines.GetValueOrDefault("paid"), ["held"] = lines.GetValueOrDefault("held"),
            });
        }
        catch (StoreUnavailableException)
        {
        }
        await metrics.WriteAsync(stream, ct);
    }
}
