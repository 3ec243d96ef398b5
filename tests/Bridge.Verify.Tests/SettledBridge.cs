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
/// in at least two final batches of epoch 1; then epoch 1 settled and paid as the settler and payout worker will do it,
/// computed with Bridge.Core: the epoch posted to the rollup canister by the poster, every line paid from the payout
/// account with its line_hash, and the bridge's <c>GET /v1/epochs/1</c> answer built from it (the bridge still shows
/// epochs open, so the verifier reads that answer from a <see cref="BridgeCopy"/>).
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

    /// <summary>The bridge's epoch 1 answer as the settler and payout worker would give it.</summary>
    internal JsonObject Epoch1 { get; private set; } = null!;

    internal EpochRewards Rewards { get; private set; } = null!;

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
        ulong lastBatch = await WaitForBatchAsync(bridge, 2);

        // Epoch 1 ends; its batches are final; it is settled, posted and paid.
        var calendar = new EpochCalendar(Info.GenesisNs, (ulong)EpochLength.Ticks * 100);
        var end = calendar.EndNs(1);
        while (NowNs < end + 3_000_000_000) await Task.Delay(500);
        await SettleEpoch1Async(bridge, calendar);
    }

    private async Task SettleEpoch1Async(BridgeClient bridge, EpochCalendar calendar)
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
            foreach (var bytes in (await bridge.GetBatchLeavesAsync(s))!)
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
        Rewards = RewardEngine.Compute(new EpochRewardInput
        {
            Epoch = 1, NetworkId = Info.NetworkId, EmissionPerEpoch = Info.EmissionPerEpoch, FirstPeriodEpochs = Info.FirstPeriodEpochs,
            Tokens = [new RewardToken(Info.RewardLedger, 1, 1)], Receipts = receipts,
        });
        Assert.NotEmpty(Rewards.Lines);

        var posted = await new RollupClient(env.Replica.AsTransport(env.Poster), env.RollupId).SubmitEpochAsync(new EpochHeader
        {
            Epoch = 1, FirstBatch = 1, LastBatch = last, DistributionRoot = Rewards.DistributionRoot, TotalPayout = new Nat(Rewards.Total), Token = Info.RewardLedger,
        });
        Assert.IsType<EpochResult.Ok>(posted);

        var payout = new IcrcLedger(env.Replica.AsTransport(env.Payout), Info.RewardLedger);
        var lines = new JsonArray();
        foreach (var line in Rewards.Lines)
        {
            var result = await payout.Icrc1.TransferAsync(PayoutPlan.Transfer(line, env.Replica.TimeNanos, 10_000UL));
            ulong block = (ulong)Assert.IsType<Icp.Ledger.Icrc1.Icrc1TransferResult.Ok>(result).Value;
            lines.Add(new JsonObject
            {
                ["epoch"] = "1", ["owner"] = line.Owner.ToString(), ["subaccount"] = line.Subaccount is null ? null : Convert.ToHexStringLower(line.Subaccount),
                ["amount"] = line.Amount.ToString(CultureInfo.InvariantCulture), ["line_hash"] = Convert.ToHexStringLower(line.LineHash),
                ["status"] = "paid", ["block_index"] = block.ToString(CultureInfo.InvariantCulture), ["reason"] = null,
            });
        }
        var ineligible = new JsonArray();
        for (int i = 0; i < receipts.Count; i++)
            if (Rewards.Receipts[i].Reason is { } reason)
                ineligible.Add(new JsonObject { ["provider"] = receipts[i].Provider!.ToString(), ["receipt_id"] = receipts[i].ReceiptId, ["reason"] = reason });
        Epoch1 = new JsonObject
        {
            ["epoch"] = "1", ["start_ns"] = calendar.StartNs(1).ToString(), ["end_ns"] = calendar.EndNs(1).ToString(), ["first_batch"] = "1",
            ["last_batch"] = last.ToString(CultureInfo.InvariantCulture), ["state"] = "paid", ["distribution_root"] = Convert.ToHexStringLower(Rewards.DistributionRoot),
            ["total_payout"] = Rewards.Total.ToString(CultureInfo.InvariantCulture), ["token"] = Info.RewardLedger.ToString(), ["lines"] = lines, ["ineligible"] = ineligible,
        };
    }

    /// <summary>A copy of the bridge's answers with epoch 1 settled and paid.</summary>
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
