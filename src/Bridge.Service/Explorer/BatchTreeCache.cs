using Bridge.Core.Merkle;
using Bridge.Service.Store;

namespace Bridge.Service.Explorer;

/// <summary>
/// The Merkle trees of the last few batches whose proofs were asked for: a batch's leaves never change once it is cut,
/// so the 100,000 leaves of a large batch are read and hashed once, not on every proof page.
/// </summary>
internal sealed class BatchTreeCache(IBridgeStore store)
{
    private const int Capacity = 4;
    private readonly Lock _gate = new();
    private readonly LinkedList<(long Sequence, MerkleTree Tree)> _recent = new();

    public async Task<MerkleTree> GetAsync(long sequence, CancellationToken ct)
    {
        lock (_gate)
        {
            for (var node = _recent.First; node is not null; node = node.Next)
            {
                if (node.Value.Sequence != sequence) continue;
                _recent.Remove(node);
                _recent.AddFirst(node);
                return node.Value.Tree;
            }
        }
        var tree = MerkleTree.FromLeaves(await store.GetBatchLeavesAsync(sequence, ct));
        lock (_gate)
        {
            if (_recent.All(e => e.Sequence != sequence)) _recent.AddFirst((sequence, tree));
            while (_recent.Count > Capacity) _recent.RemoveLast();
        }
        return tree;
    }
}
