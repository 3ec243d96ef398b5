using Bridge.Core.Merkle;
using Bridge.Service.Store;

namespace Bridge.Service.Http;

/// <summary>
/// The Merkle trees (every level's hashes) of the batches whose proofs were asked for lately, for the JSON receipt route
/// and the explorer's proof page. A batch's leaves never change once it is cut, so a batch of 100,000 receipts is read
/// and hashed once (about 6 MB of levels kept), and each proof after that is a walk up the kept levels. Kept: the most
/// recently used trees up to <see cref="MaxCachedLeaves"/> leaves in all (about 64 bytes a leaf, so at most ~128 MB);
/// a batch larger than that alone is built for its request and not kept. Concurrent requests for a batch not yet kept
/// share one build. Chosen over storing level hashes in the store: no migration of existing batches, and the poster's
/// write path stays as it is.
/// </summary>
internal sealed class BatchTreeCache(IBridgeStore store)
{
    /// <summary>The most leaves the kept trees hold together.</summary>
    public const long MaxCachedLeaves = 2_000_000;

    private readonly Lock _gate = new();
    private readonly LinkedList<Entry> _recent = new();

    /// <summary>The tree of batch <paramref name="sequence"/> (an empty tree for an unknown batch).</summary>
    public async Task<MerkleTree> GetAsync(long sequence, CancellationToken ct)
    {
        Entry? entry = null;
        lock (_gate)
        {
            for (var node = _recent.First; node is not null; node = node.Next)
            {
                if (node.Value.Sequence != sequence) continue;
                _recent.Remove(node);
                _recent.AddFirst(node);
                entry = node.Value;
                break;
            }
            if (entry is null)
            {
                entry = new Entry(sequence, new Lazy<Task<MerkleTree>>(() => BuildAsync(sequence)));
                _recent.AddFirst(entry);
            }
        }
        MerkleTree tree;
        try
        {
            tree = await entry.Tree.Value.WaitAsync(ct).ConfigureAwait(false);
        }
        catch (Exception) when (entry.Tree.Value.IsFaulted || entry.Tree.Value.IsCanceled)
        {
            // A failed read (the store unreachable) is not kept: the next request tries again.
            lock (_gate) _recent.Remove(entry);
            throw;
        }
        lock (_gate) Trim();
        return tree;
    }

    // Not tied to one request's cancellation: other requests may be waiting on the same build.
    private async Task<MerkleTree> BuildAsync(long sequence) =>
        MerkleTree.FromLeaves(await store.GetBatchLeavesAsync(sequence, CancellationToken.None).ConfigureAwait(false));

    private void Trim()
    {
        long leaves = 0;
        for (var node = _recent.First; node is not null;)
        {
            var next = node.Next;
            var task = node.Value.Tree.Value;
            if (task.IsCompletedSuccessfully)
            {
                leaves += task.Result.Size;
                if (leaves > MaxCachedLeaves && node != _recent.First || task.Result.Size > MaxCachedLeaves) { _recent.Remove(node); leaves -= task.Result.Size; }
            }
            node = next;
        }
    }

    private sealed record Entry(long Sequence, Lazy<Task<MerkleTree>> Tree);
}
