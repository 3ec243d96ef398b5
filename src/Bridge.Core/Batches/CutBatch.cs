using Bridge.Core.Merkle;

namespace Bridge.Core.Batches;

/// <summary>A batch as cut: its header, its leaves in tree order (ascending receipt_hash) and its tree.</summary>
/// <param name="Header">The header to post.</param>
/// <param name="Leaves">The leaves, leaf index i at position i.</param>
/// <param name="Tree">The tree, for proofs.</param>
public sealed record CutBatch(BatchHeader Header, IReadOnlyList<PendingLeaf> Leaves, MerkleTree Tree);
