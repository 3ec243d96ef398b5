using System.Globalization;
using System.Text.Json.Nodes;
using Bridge.Client.Keys;
using Bridge.Client.Rollup;
using Bridge.Client.Signing;
using Bridge.Core.Batches;
using Bridge.Core.Leaves;
using Bridge.Core.Nodes;
using Bridge.Core.Receipts;
using Bridge.Service.Dev;
using Bridge.Verify.Verification;
using Bridge.Verify.Watch;
using Icp.Agent;
using Icp.Agent.Certification;
using Icp.Agent.Identities;
using Icp.Candid;
using Icp.Replica;
using Microsoft.Extensions.Configuration;
using RollupHeader = Bridge.Client.Rollup.BatchHeader;
using BatchHeader = Bridge.Core.Batches.BatchHeader;
using ReceiptLeaf = Bridge.Core.Leaves.ReceiptLeaf;

namespace Bridge.Verify.Tests;

/// <summary>
/// The watchtower against the real rollup canister on the in-process replica: batches posted directly by the poster
/// identity, one repeating a receipt of an earlier batch and one holding a self-dealing receipt, served by a copy of a
/// bridge's answers. The verifier alone names the duplicate; the watchtower claims against both pending batches and
/// the canister rejects them.
/// </summary>
public sealed class WatchtowerTests
{
    private const string NetworkId = "emc-local";

    [Fact]
    public async Task Claims_against_a_duplicate_and_a_self_dealing_receipt_make_the_canister_reject_their_pending_batches()
    {
        string directory = Path.Combine(Path.GetTempPath(), "bridge-watch-" + Guid.NewGuid().ToString("N"));
        await using var env = await DevEnvironment.StartAsync(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Dev:DataDirectory"] = directory, ["Dev:ReplicaPort"] = "0", ["Bridge:ChallengeWindow"] = "00:10:00",
        }).Build(), CancellationToken.None);

        var node = BridgeKey.GenerateEd25519();
        var ownerKey = BridgeKey.GenerateEd25519();
        var requester = BridgeKey.GenerateSecp256k1();
        var registered = new RegisteredNode(node.Principal, node.PublicKeyDer, ownerKey.Principal);
        PendingLeaf Leaf(string id, string task, BridgeKey by)
        {
            ulong ended = env.Replica.TimeNanos - 5_000_000_000;
            var receipt = ReceiptSigning.Countersign(ReceiptSigning.SignAsProvider(new Receipt
            {
                NetworkId = NetworkId, ReceiptId = id, TaskId = task, Provider = node.Principal, Requester = by.Principal, Workload = "llm-inference",
                GpuModel = "H100", GpuSeconds = 30, StartedAtNs = ended - 60_000_000_000, EndedAtNs = ended, FeeToken = env.LedgerId, FeeAmount = 1000,
                ResultHash = new byte[32], ProviderSignature = [],
            }, node), by);
            var hash = ReceiptSigning.Hash(receipt);
            return new PendingLeaf(hash, ReceiptLeafCodec.Encode(ReceiptLeaf.From(receipt, registered, hash)), receipt.FeeAmount, receipt.GpuSeconds);
        }

        // Batch 1 honest; batch 2 repeats r-1 (another task, so another receipt_hash); batch 3 is bought by the node's own owner.
        var poster = new RollupClient(env.Replica.AsTransport(env.Poster), env.RollupId);
        var copy = new BridgeCopy(null);
        var batches = new JsonArray();
        BatchHeader? previous = null;
        var cuts = new List<CutBatch>();
        foreach (var leaves in new[]
        {
            new[] { Leaf("r-1", "t-1", requester), Leaf("r-2", "t-2", requester) },
            new[] { Leaf("r-1", "t-1-again", requester), Leaf("r-3", "t-3", requester) },
            new[] { Leaf("r-4", "t-4", ownerKey), Leaf("r-5", "t-5", requester) },
        })
        {
            var cut = BatchCutter.Cut(leaves, previous, env.GenesisNs, env.Replica.TimeNanos).Single();
            var h = cut.Header;
            Assert.IsType<SubmitResult.Ok>(await poster.SubmitBatchAsync(new RollupHeader
            {
                Sequence = h.Sequence, PreviousRoot = h.PreviousRoot, Root = h.Root, ReceiptCount = h.ReceiptCount, TotalFees = new Nat(h.TotalFees),
                TotalGpuSeconds = new Nat(h.TotalGpuSeconds), WindowStartNs = h.WindowStartNs, WindowEndNs = h.WindowEndNs,
            }));
            batches.Add(new JsonObject
            {
                ["sequence"] = N(h.Sequence), ["previous_root"] = Hex(h.PreviousRoot), ["root"] = Hex(h.Root), ["receipt_count"] = N(h.ReceiptCount),
                ["total_fees"] = h.TotalFees.ToString(CultureInfo.InvariantCulture), ["total_gpu_seconds"] = h.TotalGpuSeconds.ToString(CultureInfo.InvariantCulture),
                ["window_start_ns"] = N(h.WindowStartNs), ["window_end_ns"] = N(h.WindowEndNs), ["status"] = "pending",
                ["posted_ns"] = N(env.Replica.TimeNanos), ["final_after_ns"] = null, ["reject_reason"] = null,
            });
            copy.Answers[$"/v1/batches/{h.Sequence}/leaves"] = new JsonObject
            {
                ["sequence"] = N(h.Sequence), ["leaves"] = new JsonArray([.. cut.Leaves.Select(l => (JsonNode)JsonValue.Create(Hex(l.LeafBytes)))]),
            };
            cuts.Add(cut);
            previous = h;
        }
        copy.Answers["/v1/batches?from=1&limit=100"] = batches;
        copy.Answers[$"/v1/nodes/{node.Principal}"] = new JsonObject { ["provider"] = node.Principal.ToString(), ["public_key"] = Hex(node.PublicKeyDer), ["owner"] = ownerKey.Principal.ToString() };
        copy.Answers["/v1/epochs/1"] = null;
        copy.Answers["/v1/info"] = new JsonObject
        {
            ["network_id"] = NetworkId, ["rollup_canister"] = env.RollupId.ToString(), ["reward_ledger"] = env.LedgerId.ToString(),
            ["fee_account"] = Icp.Ledger.Account.Of(env.Payout).ToString(), ["replica_url"] = env.Replica.Url!.ToString(), ["batch_interval_s"] = "1",
            ["challenge_window_s"] = "600", ["epoch_length_s"] = "3600", ["genesis_ns"] = N(env.GenesisNs), ["first_period_epochs"] = "90",
            ["emission_per_epoch"] = "5000000000000",
        };

        using var http = new HttpClient();
        IcpAgent AgentAs(IIdentity identity) => new(http, new IcpAgentOptions { Url = env.Replica.Url!, IsLocalNetwork = true, Identity = identity }, Bls12381Verifier.Shared);
        var reader = AgentAs(AnonymousIdentity.Instance);
        var bridgeApi = new Client.Http.BridgeClient(new HttpClient(copy), new Client.Http.BridgeClientOptions { BaseAddress = new Uri("http://bridge.copy/") });
        var settings = new VerifierSettings { RollupCanister = env.RollupId };

        // The verifier alone names the repeated receipt.
        int duplicateAt = cuts[1].Leaves.ToList().FindIndex(l => ReceiptLeafCodec.Decode(l.LeafBytes).TaskId == "t-1-again");
        var fact = (await Assert.ThrowsAsync<BrokenFactException>(() => new BridgeVerifier(bridgeApi, reader, settings).RunAsync())).Fact;
        Assert.Equal((FactKinds.DuplicateReceipt, $"batch 2 leaf {duplicateAt}"), (fact.Check, fact.Where));

        // The watchtower, signing as its own identity (from a PEM), claims against both pending batches.
        var watcher = AgentAs(IdentityPem.Load(Ed25519Identity.Generate().ToPem()));
        var verifier = new BridgeVerifier(bridgeApi, reader, settings, claims: new RollupClaimFiler(watcher, env.RollupId));
        var tower = new Watchtower(verifier, TimeSpan.FromSeconds(1));
        await tower.RoundAsync(CancellationToken.None);
        Assert.Collection(tower.Claims,
            c => Assert.Equal(("DuplicateReceipt", 2UL, true), (c.Kind, c.Batch, c.Accepted)),
            c => Assert.Equal(("SelfDealing", 3UL, true), (c.Kind, c.Batch, c.Accepted)));
        var rollup = new RollupClient(reader, env.RollupId);
        Assert.IsType<BatchStatus.Pending>((await rollup.GetBatchAsync(1))!.Status);
        Assert.Contains("DuplicateReceipt", Assert.IsType<BatchStatus.Rejected>((await rollup.GetBatchAsync(2))!.Status).Value.Reason);
        Assert.Contains("SelfDealing", Assert.IsType<BatchStatus.Rejected>((await rollup.GetBatchAsync(3))!.Status).Value.Reason);

        // The next round finds nothing more to claim: rejected batches earn nothing and hold nobody's receipt.
        await tower.RoundAsync(CancellationToken.None);
        Assert.Equal(2, tower.Claims.Count);
    }

    private static string N(ulong v) => v.ToString(CultureInfo.InvariantCulture);

    private static string Hex(byte[] b) => Convert.ToHexStringLower(b);
}
