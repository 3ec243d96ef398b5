using System.Numerics;
using Bridge.Core.Merkle;

namespace Bridge.Core.Batches;

/// <summary>Cuts batches (protocol section 4): every pending receipt, in ascending receipt_hash order, at most
/// <c>Bridge:MaxBatchReceipts</c> per batch; none pending, no batch.</summary>
public static class BatchCutter
{
    /// <summary>The default <c>Bridge:MaxBatchReceipts</c>.</summary>
    public const int DefaultMaxBatchReceipts = 1_000_000;

    /// <summary>The batches of one cut.</summary>
    /// <param name="pending">The receipts acknowledged before the cut and in no batch.</param>
    /// <param name="previous">The last batch's header, or <c>null</c> before the first.</param>
    /// <param name="genesisNs">Genesis: the first batch's window start.</param>
    /// <param name="cutTimeNs">The cut time: every batch's window end.</param>
    /// <param name="maxBatchReceipts">At most this many leaves per batch.</param>
    /// <exception cref="ArgumentException">Two pending receipts with the same receipt_hash, or a hash not of 32 bytes.</exception>
    public static IReadOnlyList<CutBatch> Cut(IEnumerable<PendingLeaf> pending, BatchHeader? previous, ulong genesisNs, ulong cutTimeNs, int maxBatchReceipts = DefaultMaxBatchReceipts)
    {
        ArgumentNullException.ThrowIfNull(pending);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchReceipts, 1);
        var sorted = pending.ToArray();
        foreach (var p in sorted)
            if (p.ReceiptHash is not { Length: 32 }) throw new ArgumentException("a receipt_hash is 32 bytes", nameof(pending));
        Array.Sort(sorted, static (a, b) => a.ReceiptHash.AsSpan().SequenceCompareTo(b.ReceiptHash));
        for (int i = 1; i < sorted.Length; i++)
            if (sorted[i].ReceiptHash.AsSpan().SequenceEqual(sorted[i - 1].ReceiptHash))
                throw new ArgumentException("the same receipt_hash twice", nameof(pending));

        var batches = new List<CutBatch>();
        ulong sequence = previous is null ? 1 : previous.Sequence + 1;
        byte[] previousRoot = previous?.Root ?? BatchHeader.GenesisPreviousRoot;
        ulong windowStart = previous?.WindowEndNs ?? genesisNs;
        for (int from = 0; from < sorted.Length; from += maxBatchReceipts)
        {
            var leaves = sorted.AsSpan(from, Math.Min(maxBatchReceipts, sorted.Length - from)).ToArray();
            var hashes = new byte[leaves.Length * MerkleTree.HashLength];
            BigInteger fees = BigInteger.Zero, gpu = BigInteger.Zero;
            UInt128 gpuSum = 0;
            for (int i = 0; i < leaves.Length; i++)
            {
                MerkleTree.LeafHash(leaves[i].LeafBytes, hashes.AsSpan(i * MerkleTree.HashLength, MerkleTree.HashLength));
                fees += (BigInteger)leaves[i].FeeAmount;
                gpuSum += leaves[i].GpuSeconds;
            }
            gpu = (BigInteger)gpuSum;
            var tree = MerkleTree.FromLeafHashes(hashes);
            var header = new BatchHeader
            {
                Sequence = sequence, PreviousRoot = previousRoot, Root = tree.Root, ReceiptCount = (ulong)leaves.Length,
                TotalFees = fees, TotalGpuSeconds = gpu, WindowStartNs = windowStart, WindowEndNs = cutTimeNs,
            };
            batches.Add(new CutBatch(header, leaves, tree));
            sequence++;
            previousRoot = header.Root;
            windowStart = cutTimeNs;
        }
        return batches;
    }
}
