using Bridge.Client.Fees;
using Bridge.Client.Http;
using Bridge.Client.Keys;
using Bridge.Client.Models;
using Bridge.Client.Proofs;
using Bridge.Client.Signing;
using Bridge.Core.Merkle;
using Bridge.Core.Receipts;
using Icp.Agent;
using Icp.Agent.Certification;
using Icp.Candid;
using Icp.Ledger;

namespace Bridge.Client.Tests;

/// <summary>
/// Nodes of both key kinds and requesters of both key kinds against the real <c>--dev</c> bridge on loopback:
/// registration, fees paid on the local ledger with the fee_memo, countersigned receipts submitted alone and in a
/// batch, batches posted and final, and every proof checked against the rollup canister's root through the agent.
/// </summary>
public sealed class EndToEndTests
{
    private const ulong Fee = 150_000;

    private static ulong NowNs => (ulong)(DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks * 100;

    [Fact]
    public async Task Countersigned_paid_receipts_of_both_key_kinds_are_batched_final_and_proven_against_the_canister()
    {
        await using var dev = await DevBridge.StartAsync();
        using var http = new HttpClient();
        var bridge = new BridgeClient(http, new BridgeClientOptions { BaseAddress = dev.Address });
        var info = await bridge.GetInfoAsync();
        Assert.Equal("emc-local", info.NetworkId);

        // Nodes of both kinds, each with its own reward owner; the same registration again is 200.
        var nodes = new[] { BridgeKey.GenerateEd25519(), BridgeKey.GenerateSecp256k1() };
        foreach (var node in nodes)
        {
            var registration = NodeRegistrations.Sign(node, info.NetworkId, BridgeKey.GenerateEd25519().Principal);
            var first = await bridge.RegisterNodeAsync(registration);
            Assert.True(first.IsNew);
            Assert.Equal(node.Principal, first.Provider);
            Assert.False((await bridge.RegisterNodeAsync(registration)).IsNew);
            Assert.Equal(node.PublicKeyDer, (await bridge.GetNodeAsync(node.Principal))!.PublicKey);
        }

        // Requesters of both kinds, funded by the dev faucet, pay each receipt's fee with its fee_memo.
        var requesters = new[] { BridgeKey.GenerateSecp256k1(), BridgeKey.GenerateEd25519() };
        foreach (var requester in requesters) await bridge.MintFromDevFaucetAsync(Account.Of(requester.Principal), 100_000_000);
        var receipts = new List<Receipt>();
        int n = 0;
        foreach (var node in nodes)
        {
            foreach (var requester in requesters)
            {
                string id = $"r-{n++}";
                var ledger = RequesterFees.LedgerFor(http, info.ReplicaUrl, isLocalNetwork: true, requester, info.RewardLedger);
                ulong block = await RequesterFees.PayAsync(ledger, info.FeeAccount, RequesterFees.Memo(info.NetworkId, node.Principal, id), Fee, DateTimeOffset.UtcNow);
                ulong ended = NowNs - 5_000_000_000;
                var receipt = new Receipt
                {
                    NetworkId = info.NetworkId, ReceiptId = id, TaskId = "t-" + id, Provider = node.Principal, Requester = requester.Principal,
                    Workload = "stable-diffusion-xl", GpuModel = "RTX 4090", GpuSeconds = 42, StartedAtNs = ended - 60_000_000_000, EndedAtNs = ended,
                    FeeToken = info.RewardLedger, FeeAmount = Fee, FeeBlock = block, ResultHash = new byte[32], ProviderSignature = [],
                };
                receipts.Add(ReceiptSigning.Countersign(ReceiptSigning.SignAsProvider(receipt, node), requester));
            }
        }

        // Two alone (202, then 200 for the same again), two in one batch request.
        foreach (var receipt in receipts.Take(2))
        {
            var ack = await bridge.SubmitReceiptAsync(receipt);
            Assert.True(ack.IsNew);
            Assert.Equal(ReceiptSigning.Hash(receipt), ack.ReceiptHash);
            Assert.False((await bridge.SubmitReceiptAsync(receipt)).IsNew);
        }
        var results = await bridge.SubmitReceiptsAsync(receipts.Skip(2).ToList());
        Assert.All(results, r => Assert.Equal(202, r.Status));

        // Every receipt becomes final; its proof checks against the canister's root at the header's receipt_count.
        var agent = new IcpAgent(http, new IcpAgentOptions { Url = info.ReplicaUrl, IsLocalNetwork = true }, Bls12381Verifier.Shared);
        var verifier = new RollupProofVerifier(agent, info.RollupCanister);
        var statuses = new List<ReceiptStatus>();
        foreach (var receipt in receipts)
        {
            var status = await WaitForFinalAsync(bridge, receipt);
            var check = await verifier.VerifyAsync(status, ReceiptSigning.Hash(receipt));
            Assert.True(check.IsValid, check.Failure);
            Assert.Equal(RollupBatchState.Final, check.State);
            Assert.Equal(status.Batch, check.Sequence);
            statuses.Add(status);
        }

        // The latest batch's root is also checked against the canister's certificate.
        var batches = await bridge.GetBatchesAsync();
        var last = batches[^1];
        var lastStatus = statuses.First(s => s.Batch == last.Sequence);
        Assert.True((await verifier.VerifyAsync(lastStatus)).RootCertified);
        Assert.Equal(last.Root, MerkleTree.RootOf((await bridge.GetBatchLeavesAsync(last.Sequence))!.ToList()));
        Assert.Equal((ulong)receipts.Count, (ulong)batches.Sum(b => (long)b.ReceiptCount));

        // A proof taken to another receipt's hash, or tampered with, does not check.
        var other = statuses.First(s => s != lastStatus);
        Assert.False((await verifier.VerifyAsync(lastStatus, other.ReceiptHash)).IsValid);
        if (lastStatus.Proof!.Count > 0)
        {
            var tampered = lastStatus.Proof.Select(p => (byte[])p.Clone()).ToList();
            tampered[^1][0] ^= 0x80;
            var failed = await verifier.VerifyAsync(lastStatus with { Proof = tampered });
            Assert.False(failed.IsValid);
            Assert.Contains("does not lead to the root", failed.Failure);
        }
    }

    private static async Task<ReceiptStatus> WaitForFinalAsync(BridgeClient bridge, Receipt receipt)
    {
        ReceiptStatus? status = null;
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            status = await bridge.GetReceiptAsync(receipt.Provider, receipt.ReceiptId);
            if (status is { State: ReceiptState.Final }) return status;
            await Task.Delay(200);
        }
        throw new TimeoutException($"receipt {receipt.ReceiptId} did not become final: {status?.State}");
    }
}
