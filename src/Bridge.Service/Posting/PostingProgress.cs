using Bridge.Service.Store;

namespace Bridge.Service.Posting;

/// <summary>
/// How far posting has got, as the store shows it (so every instance sees the same): the last batch posted and the
/// oldest work still waiting for a post. Read by <c>/ready</c> and at each <c>/metrics</c> scrape.
/// </summary>
/// <param name="LastPosted">The newest batch in state posted, final or rejected, or null.</param>
/// <param name="OldestCutNs">The window end of the oldest batch cut and not posted yet, or null.</param>
internal sealed record PostingProgress(StoredBatch? LastPosted, ulong? OldestCutNs)
{
    // Batches are posted in order, so the cut ones sit at the end; a longer tail than this is late anyway.
    private const int MaxCutTail = 64;

    public static async Task<PostingProgress> ReadAsync(IBridgeStore store, CancellationToken ct)
    {
        var batch = await store.GetLastBatchAsync(ct);
        ulong? oldestCut = null;
        for (int i = 0; batch is { State: BatchState.Cut }; i++)
        {
            oldestCut = batch.WindowEndNs;
            if (i == MaxCutTail) return new PostingProgress(null, oldestCut);
            batch = batch.Sequence > 1 ? await store.GetBatchAsync(batch.Sequence - 1, ct) : null;
        }
        return new PostingProgress(batch, oldestCut);
    }

    /// <summary>
    /// Whether posting is late at <paramref name="nowNs"/>: work older than <paramref name="limit"/> waits (a receipt
    /// acknowledged, or a batch cut, before then) and no batch was posted since then. Null when it is not; else why.
    /// </summary>
    public async Task<string?> LateAsync(IBridgeStore store, ulong nowNs, TimeSpan limit, CancellationToken ct)
    {
        ulong limitNs = (ulong)limit.Ticks * 100;
        ulong since = nowNs > limitNs ? nowNs - limitNs : 0;
        if (LastPosted?.PostedNs is { } posted && posted >= since) return null;
        bool oldCut = OldestCutNs is { } cut && cut < since;
        bool oldReceipts = !oldCut && (await store.GetUnbatchedReceiptsAsync(since, 1, ct)).Count > 0;
        if (!oldCut && !oldReceipts) return null;
        string last = LastPosted is { } b ? $"batch {b.Sequence} was posted {Seconds(nowNs - Math.Min(nowNs, b.PostedNs ?? 0))} s ago" : "no batch was posted yet";
        string what = oldCut ? "a batch cut" : "receipts acknowledged";
        return $"{what} more than {(long)limit.TotalSeconds} s ago are not posted; {last}";
    }

    /// <summary>Seconds since the last post at <paramref name="nowNs"/>, or null when none was posted.</summary>
    public double? AgeSeconds(ulong nowNs) => LastPosted?.PostedNs is { } posted ? (nowNs > posted ? (nowNs - posted) / 1e9 : 0) : null;

    private static long Seconds(ulong ns) => (long)(ns / 1_000_000_000UL);
}
