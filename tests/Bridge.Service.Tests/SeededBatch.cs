using Bridge.Core.Leaves;
using Bridge.Core.Merkle;
using Bridge.Core.Nodes;
using Bridge.Core.Protocol;
using Bridge.Core.Receipts;
using Bridge.Service.Store;
using Icp.Agent.Identities;
using Icp.Candid;

namespace Bridge.Service.Tests;

/// <summary>
/// A final batch written straight through the store API (no intake, no canister): <c>providers</c> registered nodes
/// with <c>receiptsPerProvider</c> receipts each, interleaved across the batch, real leaf bytes and root. Signatures are
/// placeholders: the reads under test never check them. Used by the receipt-route tests and the explorer benchmark.
/// </summary>
internal sealed record SeededBatch(long Sequence, IReadOnlyList<Principal> Providers, IReadOnlyList<Receipt> Receipts, byte[] Root)
{
    public static async Task<SeededBatch> WriteAsync(IBridgeStore store, int providers, int receiptsPerProvider, ulong nowNs,
        Func<int, int, string>? receiptId = null, CancellationToken ct = default)
    {
        receiptId ??= (p, i) => $"r-{p:D5}-{i:D6}";
        var nodes = new List<RegisteredNode>(providers);
        for (int p = 0; p < providers; p++)
        {
            var key = Ed25519Identity.FromSeed(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(p)));
            var node = new RegisteredNode(key.Sender, key.PublicKeyDer!, key.Sender);
            await store.AddNodeAsync(node, nowNs, ct);
            nodes.Add(node);
        }
        var feeToken = Principal.Parse("ryjl3-tyaaa-aaaaa-aaaba-cai");
        var requester = Principal.Parse("hoy4a-qp56d-352vk-6ys3k-ylgvd-f6z6u-sx7s2-uikxs-u5fb6-lxblb-2qe");
        var receipts = new List<Receipt>(providers * receiptsPerProvider);
        var leaves = new List<(long Row, byte[] Leaf)>(receipts.Capacity);
        var byProvider = nodes.ToDictionary(n => n.Provider);
        var chunk = new List<StoredReceipt>(1000);
        UInt128 fees = 0;
        ulong gpuSeconds = 0;

        async Task FlushAsync()
        {
            foreach (var (stored, _) in await store.AddReceiptsAsync(chunk, ct))
            {
                var node = byProvider[stored.Receipt.Provider];
                leaves.Add((stored.Id, ReceiptLeafCodec.Encode(ReceiptLeaf.From(stored.Receipt, node, stored.ReceiptHash))));
            }
            chunk.Clear();
        }

        for (int i = 0; i < receiptsPerProvider; i++)
            for (int p = 0; p < providers; p++)
            {
                ulong ended = nowNs - 1_000_000_000UL * (ulong)(receipts.Count % 3600 + 1);
                var receipt = new Receipt
                {
                    NetworkId = TestBridge.NetworkId, ReceiptId = receiptId(p, i), TaskId = $"t-{p}-{i}", Provider = nodes[p].Provider,
                    Requester = requester, Workload = "stable-diffusion-xl", GpuModel = "RTX 3090", GpuSeconds = 30 + (ulong)(i % 90),
                    StartedAtNs = ended - 60_000_000_000, EndedAtNs = ended, FeeToken = feeToken, FeeAmount = 150_000, ResultHash = new byte[32],
                    ProviderSignature = new byte[64],
                };
                receipts.Add(receipt);
                fees += receipt.FeeAmount;
                gpuSeconds += receipt.GpuSeconds;
                chunk.Add(new StoredReceipt(0, receipt, BridgeHashes.ReceiptHash(receipt), nowNs));
                if (chunk.Count == 1000) await FlushAsync();
            }
        if (chunk.Count > 0) await FlushAsync();

        var last = await store.GetLastBatchAsync(ct);
        var root = MerkleTree.RootOf(leaves.Select(l => l.Leaf).ToList());
        var batch = new StoredBatch
        {
            Sequence = (last?.Sequence ?? 0) + 1, PreviousRoot = last?.Root ?? new byte[32], Root = root, ReceiptCount = leaves.Count,
            TotalFees = (System.Numerics.BigInteger)fees, TotalGpuSeconds = gpuSeconds, WindowStartNs = last?.WindowEndNs ?? nowNs - 3_600_000_000_000,
            WindowEndNs = nowNs,
        };
        await store.AddBatchAsync(batch, leaves, ct);
        await store.UpdateBatchAsync(batch with { State = BatchState.Final, PostedNs = nowNs, FinalAfterNs = nowNs }, ct);
        return new SeededBatch(batch.Sequence, [.. nodes.Select(n => n.Provider)], receipts, root);
    }
}
