using Icp.Candid;
using Icp.Ledger;
using Icp.Ledger.Icrc3;

namespace Bridge.Service.Settling;

/// <summary>
/// Reads the fee blocks receipts cite from their ledgers' ICRC-3 logs (section 6): the wanted indexes of a ledger are
/// sorted and fetched as ranges (nearby indexes share one range, so one call brings many), archives followed by
/// <see cref="IcrcLedger.GetBlocksAsync"/>, and every answer is cached per ledger for this reader's life (one
/// settlement). An index past the log's end is a block that does not exist: <c>null</c>, a definite answer. A ledger
/// that cannot be reached throws: the caller settles nothing and tries again later.
/// </summary>
internal sealed class FeeBlockReader(Func<Principal, IcrcLedger> ledgerOf)
{
    /// <summary>Indexes at most this far apart are fetched in one range (the blocks between come along).</summary>
    internal const ulong MaxGap = 64;

    /// <summary>The most blocks one range asks for.</summary>
    internal const ulong MaxRange = 1000;

    private readonly Dictionary<Principal, Dictionary<ulong, Value?>> _cache = [];

    /// <summary>The blocks at <paramref name="indexes"/> of <paramref name="ledger"/>'s log (null where the log has none).</summary>
    public async Task<IReadOnlyDictionary<ulong, Value?>> ReadAsync(Principal ledger, IEnumerable<ulong> indexes, CancellationToken ct)
    {
        if (!_cache.TryGetValue(ledger, out var known)) _cache[ledger] = known = [];
        var wanted = indexes.Where(i => !known.ContainsKey(i)).Distinct().Order().ToList();
        var client = ledgerOf(ledger);
        for (int i = 0; i < wanted.Count;)
        {
            ulong start = wanted[i], end = start; // end inclusive
            int j = i + 1;
            while (j < wanted.Count && wanted[j] - end <= MaxGap && wanted[j] - start < MaxRange) end = wanted[j++];
            ulong count = end - start + 1;
            await foreach (var block in client.GetBlocksAsync(new Nat(start), new Nat(count), (int)count, ct))
                if (block.Index.TryGetUInt64(out ulong index)) known[index] = block.Value;
            for (; i < j; i++) known.TryAdd(wanted[i], null); // past the log's end: no such block
        }
        return known;
    }
}
