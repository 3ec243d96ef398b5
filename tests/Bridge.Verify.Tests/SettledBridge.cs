using System.Globalization;
using System.Text.Json.Nodes;
using Bridge.Client.Fees;
using Bridge.Client.Http;
using Bridge.Client.Keys;
using Bridge.Client.Models;
using Bridge.Client.Rollup;
using Bridge.Client.Signing;
using Bridge.Client.Tests;
using Bridge.Core.Leaves;
using Bridge.Core.Payouts;
using Bridge.Core.Protocol;
using Bridge.Core.Receipts;
using Bridge.Core.Rewards;
using Bridge.Service.Dev;
using Bridge.Verify.Verification;
using Icp.Agent;
using Icp.Agent.Certification;
using Icp.Candid;
using Icp.Ledger;
using Icp.Replica;
using Microsoft.Extensions.DependencyInjection;
using Account = Icp.Ledger.Account;

namespace Bridge.Verify.Tests;

/// <summary>
/// The real <c>--dev</c> bridge with two nodes, paid and countersigned receipts (and one without a countersignature)
/// in at least two final batches of epoch 1, which the bridge itself then settles, posts to the rollup canister and pays
/// from the payout account (short epochs; the fixture waits for epoch 1 to be <c>paid</c>). <see cref="Rewards"/> is
/// epoch 1 recomputed independently with Bridge.Core from the served leaves and the ledger's blocks, and
/// <see cref="Epoch1"/> is the bridge's own <c>GET /v1/epochs/1</c> answer, which tampering tests change in a
/// <see cref="BridgeCopy"/>.
/// </summary>
public sealed class SettledBridge : IAsyncLifetime
{
    private const ulong Fee = 150_000;
    private static readonly TimeSpan EpochLength = TimeSpan.FromSeconds(40);

    internal DevBridge Dev { get; private set; } = null!;
    internal DevEnvironment Environment => Dev.App.Services.GetRequiredService<DevEnvironment>();
    internal HttpClient Http { get; } = new();
    internal BridgeInfo Info { get; private set; } = null!;
    internal IcpAgent Agent { get; private set; } = null!;

    /// <summary>The bridge's own epoch 1 answer, once paid.</summary>
    internal JsonObject Epoch1 { get; private set; } = null!;

    internal EpochRewards Rewards { get; private set; } = null!;

    /// <summary>The batch of epoch 1 with the most leaves (at least 2; batching under load may split a round), where tests tamper.</summary>
    internal (ulong Sequence, int Leaves) FullestBatch { get; private set; }

    public async Task InitializeAsync()
    {
        Dev = await DevBridge.StartAsync($"--Bridge:EpochLength=00:00:{EpochLength.TotalSeconds:00}");
        var bridge = new BridgeClient(Http, new BridgeClientOptions { BaseAddress = Dev.Address });
        Info = await bridge.GetInfoAsync();
        Agent = new IcpAgent(Http, new IcpAgentOptions { Url = Info.ReplicaUrl, IsLocalNetwork = true }, Bls12381Verifier.Shared);

        var nodes = new[] { BridgeKey.GenerateEd25519(), BridgeKey.GenerateSecp256k1() };
        foreach (var node in nodes) await bridge.RegisterNodeAsync(NodeRegistrations.Sign(node, Info.NetworkId, BridgeKey.GenerateEd25519().Principal));
        var requesters = new[] { BridgeKey.GenerateEd25519(), BridgeKey.GenerateSecp256k1() };
        foreach (var r in requesters) await bridge.MintFromDevFaucetAsync(Account.Of(r.Principal), 100_000_000);

        // Two rounds, so at least two batches: four paid countersigned receipts, then two more and one not countersigned.
        int n = 0;
        async Task<Receipt> MakeAsync(BridgeKey node, BridgeKey requester, bool countersign)
        {
            string id = $"r-{n++}";
            var ledger = RequesterFees.LedgerFor(Http, Info.ReplicaUrl, isLocalNetwork: true, requester, Info.RewardLedger);
            ulong block = await RequesterFees.PayAsync(ledger, Info.FeeAccount, RequesterFees.Memo(Info.NetworkId, node.Principal, id), Fee, DateTimeOffset.UtcNow);
            ulong ended = NowNs - 5_000_000_000;
            var receipt = ReceiptSigning.SignAsProvider(new Receipt
            {
                NetworkId = Info.NetworkId, ReceiptId = id, TaskId = "t-" + id, Provider = node.Principal, Requester = requester.Principal,
                Workload = "stable-diffusion-xl", GpuModel = "RTX 4090", GpuSeconds = 40 + (ulong)n, StartedAtNs = ended - 60_000_000_000, EndedAtNs = ended,
                FeeToken = Info.RewardLedger, FeeAmount = Fee, FeeBlock = block, ResultHash = new byte[32], ProviderSignature = [],
            }, node);
            return countersign ? ReceiptSigning.Countersign(receipt, requester) : receipt;
        }
        var first = new List<Receipt>();
        foreach (var node in nodes) foreach (var r in requesters) first.Add(await MakeAsync(node, r, true));
        Assert.All(await bridge.SubmitReceiptsAsync(first), r => Assert.True(r.IsAccepted));
        await WaitForBatchAsync(bridge, 1);
        var second = new List<Receipt> { await MakeAsync(nodes[0], requesters[1], true), await MakeAsync(nodes[1], requesters[0], false) };
        Assert.All(await bridge.SubmitReceiptsAsync(second), r => Assert.True(r.IsAccepted));
        await WaitForBatchAsync(bridge, 2);

        // Epoch 1 ends; the bridge settles, posts and pays it.
        var calendar = new EpochCalendar(Info.GenesisNs, (ulong)EpochLength.Ticks * 100);
        Assert.True(NowNs < calendar.EndNs(1), "the receipts were batched after epoch 1 ended: lengthen EpochLength");
        Epoch1 = await WaitForPaidEpochAsync(1);
        ulong last = await RecomputeEpoch1Async(bridge, calendar);
        Assert.Equal(Convert.ToHexStringLower(Rewards.DistributionRoot), (string?)Epoch1["distribution_root"]);
        Assert.Equal(Rewards.Total.ToString(CultureInfo.InvariantCulture), (string?)Epoch1["total_payout"]);
        Assert.Equal(Rewards.Lines.Count, Epoch1["lines"]!.AsArray().Count);
        Assert.All(Epoch1["lines"]!.AsArray(), l => Assert.Equal("paid", (string?)l!["status"]));
        Assert.Equal(last, ulong.Parse((string)Epoch1["last_batch"]!, CultureInfo.InvariantCulture));
    }

    /// <summary>Waits until the bridge answers <paramref name="epoch"/> as <c>paid</c>; returns that answer.</summary>
    private async Task<JsonObject> WaitForPaidEpochAsync(ulong epoch)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (true)
        {
            using var response = await Http.GetAsync(new Uri(Dev.Address, $"/v1/epochs/{epoch}"));
            var json = response.IsSuccessStatusCode ? JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject() : null;
            if ((string?)json?["state"] == "paid") return json!;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"epoch {epoch} is not paid: {json?.ToJsonString() ?? response.StatusCode.ToString()}");
            await Task.Delay(500);
        }
    }

    /// <summary>Recomputes epoch 1 with Bridge.Core from the canister's batches, the served leaves and the fee blocks; returns its last batch.</summary>
    private async Task<ulong> RecomputeEpoch1Async(BridgeClient bridge, EpochCalendar calendar)
    {
        var env = Environment;
        var rollup = new RollupClient(env.Replica.AsTransport(), env.RollupId);
        var receipts = new List<RewardReceipt>();
        ulong last = 0;
        for (ulong s = 1; ; s++)
        {
            var record = await rollup.GetBatchAsync(s);
            if (record is null || record.Header.WindowEndNs >= calendar.EndNs(1)) break;
            while (record!.Status is BatchStatus.Pending) { await Task.Delay(300); record = await rollup.GetBatchAsync(s); }
            last = s;
            var leaves = (await bridge.GetBatchLeavesAsync(s))!;
            if (leaves.Count > FullestBatch.Leaves) FullestBatch = (s, leaves.Count);
            foreach (var bytes in leaves)
            {
                var leaf = ReceiptLeafCodec.Decode(bytes);
                var ledger = new IcrcLedger(env.Replica.AsTransport(), leaf.FeeToken);
                Icp.Ledger.Icrc3.Value? block = null;
                ulong index = (ulong)leaf.FeeBlock!.Value;
                await foreach (var b in ledger.GetBlocksAsync(index, 1)) block = b.Value;
                receipts.Add(new RewardReceipt
                {
                    Provider = leaf.Provider, ReceiptId = leaf.ReceiptId, Requester = leaf.Requester.Owner, RequesterSubaccount = leaf.Requester.Subaccount,
                    ProviderOwner = leaf.ProviderOwner, GpuSeconds = leaf.GpuSeconds, FeeToken = leaf.FeeToken, FeeAmount = leaf.FeeAmount, FeeBlock = index,
                    FeePaid = FeePayment.Pays(block!, new Account(leaf.Requester.Owner, leaf.Requester.Subaccount), Info.FeeAccount, leaf.FeeAmount,
                        BridgeHashes.FeeMemo(leaf.NetworkId, leaf.Provider, leaf.ReceiptId)),
                    BatchRejected = false, Countersigned = leaf.RequesterSignature is not null,
                });
            }
        }
        Assert.True(last >= 1, "no batch ended in epoch 1");
        Assert.True(FullestBatch.Leaves >= 2, "every batch of epoch 1 holds one receipt");
        Rewards = RewardEngine.Compute(new EpochRewardInput
        {
            Epoch = 1, NetworkId = Info.NetworkId, EmissionPerEpoch = Info.EmissionPerEpoch, FirstPeriodEpochs = Info.FirstPeriodEpochs,
            Tokens = [new RewardToken(Info.RewardLedger, 1, 1)], Receipts = receipts,
        });
        Assert.NotEmpty(Rewards.Lines);

        return last;
    }

    /// <summary>A copy of the bridge's answers, epoch 1 answered from <see cref="Epoch1"/> (where tests change it).</summary>
    internal BridgeCopy Copy()
    {
        var copy = new BridgeCopy(Dev.Address);
        copy.Answers["/v1/epochs/1"] = Epoch1.DeepClone();
        return copy;
    }

    /// <summary>A verifier of <paramref name="copy"/> (its bridge answers) against the dev replica.</summary>
    internal BridgeVerifier Verifier(BridgeCopy copy) =>
        new(new BridgeClient(new HttpClient(copy), new BridgeClientOptions { BaseAddress = new Uri("http://bridge.copy/") }), Agent,
            new VerifierSettings { RollupCanister = Info.RollupCanister });

    internal static ulong NowNs => (ulong)(DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks * 100;

    private static async Task<ulong> WaitForBatchAsync(BridgeClient bridge, ulong atLeast)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            var batches = await bridge.GetBatchesAsync();
            if (batches.Count >= (int)atLeast && batches.All(b => b.Status is BridgeBatchStatus.Final) && batches.Sum(b => (long)b.ReceiptCount) > 0)
                return batches[^1].Sequence;
            await Task.Delay(250);
        }
        throw new TimeoutException($"no {atLeast} final batches");
    }

    public async Task DisposeAsync()
    {
        await Dev.DisposeAsync();
        Http.Dispose();
    }
}
