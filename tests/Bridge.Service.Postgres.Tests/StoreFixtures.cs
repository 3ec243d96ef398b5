using System.Numerics;
using Bridge.Core.Nodes;
using Bridge.Core.Protocol;
using Bridge.Core.Receipts;
using Bridge.Service.Store;
using Icp.Candid;

namespace Bridge.Service.Tests;

/// <summary>Rows for store tests: a node, receipts (any field can be pushed to its limit), batches and outbox entries.</summary>
internal static class StoreFixtures
{
    public static readonly Principal Provider = SignedReceipts.NodeA.Sender;
    public static readonly Principal Owner = Principal.Parse("2vxsx-fae");

    public static RegisteredNode Node => new(Provider, SignedReceipts.NodeA.PublicKey.ToArray(), Owner);

    public static StoredReceipt Receipt(string id, ulong ackedNs = 1_000, string taskId = "t", ulong gpuSeconds = 30, UInt128? fee = null,
        ulong? feeBlock = null, byte[]? subaccount = null)
    {
        var receipt = new Receipt
        {
            NetworkId = "emc-local", ReceiptId = id, TaskId = taskId, Provider = Provider, Requester = SignedReceipts.Requester,
            RequesterSubaccount = subaccount, Workload = "stable-diffusion-xl", GpuModel = "RTX 3090", GpuSeconds = gpuSeconds,
            StartedAtNs = 1_795_960_000_000_000_000, EndedAtNs = 1_795_960_600_000_000_000, FeeToken = Principal.Parse("ryjl3-tyaaa-aaaaa-aaaba-cai"),
            FeeAmount = fee ?? 150_000, FeeBlock = feeBlock, ResultHash = new byte[32], ProviderSignature = [1, 2, 3],
        };
        return new StoredReceipt(0, receipt, BridgeHashes.ReceiptHash(receipt), ackedNs);
    }

    public static StoredBatch Batch(long sequence, long count, ulong windowEnd = 2_000) => new()
    {
        Sequence = sequence, PreviousRoot = new byte[32], Root = Enumerable.Repeat((byte)sequence, 32).ToArray(), ReceiptCount = count,
        TotalFees = BigInteger.Parse("340282366920938463463374607431768211455") * 3, TotalGpuSeconds = ulong.MaxValue,
        WindowStartNs = 1_000, WindowEndNs = windowEnd,
    };

    public static OutboxEntry Outbox(string key, byte fill = 7) => new("submit_batch", key, [fill, 1], [fill, 2, 3], ulong.MaxValue - 1);
}
