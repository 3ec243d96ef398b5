using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using Bridge.Client.Keys;
using Bridge.Core.Leaves;
using Bridge.Core.Payouts;
using Bridge.Verify.Cli;
using Bridge.Verify.Verification;
using Icp.Ledger;
using Icp.Replica;

namespace Bridge.Verify.Tests;

/// <summary>
/// The verifier against the real <c>--dev</c> bridge, which settled, posted and paid epoch 1 itself, and its canisters
/// (<see cref="SettledBridge"/>): it names the first broken fact for each tampering injected into a copy of the bridge's
/// answers (<see cref="BridgeCopy"/>), and the command-line tool passes on the real bridge. The ledger is left honest
/// here; <see cref="DoublePayoutTests"/> pays behind the bridge's back on a bridge of its own.
/// </summary>
public sealed class VerifierTests(SettledBridge bridge) : IClassFixture<SettledBridge>
{
    private static JsonNode TamperLeaves(string path, JsonNode json, ulong batch, Func<List<byte[]>, List<byte[]>> change)
    {
        if (path != $"/v1/batches/{batch}/leaves") return json;
        var leaves = json["leaves"]!.AsArray().Select(l => Convert.FromHexString((string)l!)).ToList();
        json["leaves"] = new JsonArray([.. change(leaves).Select(l => (JsonNode)JsonValue.Create(Convert.ToHexStringLower(l)))]);
        return json;
    }

    private async Task<BrokenFact> FirstBrokenFactAsync(BridgeCopy copy) =>
        (await Assert.ThrowsAsync<BrokenFactException>(() => bridge.Verifier(copy).RunAsync())).Fact;

    [Fact]
    public async Task A_changed_leaf_is_named_by_batch_and_leaf()
    {
        var (batch, count) = bridge.FullestBatch;
        var copy = bridge.Copy();
        copy.Tamper = (path, json) => TamperLeaves(path, json, batch, leaves =>
        {
            var leaf = ReceiptLeafCodec.Decode(leaves[count - 1]);
            leaves[count - 1] = ReceiptLeafCodec.Encode(leaf with { GpuSeconds = leaf.GpuSeconds + 1 });
            return leaves;
        });
        var fact = await FirstBrokenFactAsync(copy);
        Assert.Equal((FactKinds.Leaf, $"batch {batch} leaf {count - 1}"), (fact.Check, fact.Where));
        Assert.Contains("receipt_hash is not the hash of its fields", fact.What);
    }

    [Fact]
    public async Task A_reordered_batch_is_named_at_the_leaf_out_of_order()
    {
        var (batch, _) = bridge.FullestBatch;
        var copy = bridge.Copy();
        copy.Tamper = (path, json) => TamperLeaves(path, json, batch, leaves => [leaves[1], leaves[0], .. leaves.Skip(2)]);
        var fact = await FirstBrokenFactAsync(copy);
        Assert.Equal((FactKinds.Leaf, $"batch {batch} leaf 1"), (fact.Check, fact.Where));
        Assert.Contains("must ascend by receipt_hash", fact.What);
    }

    [Fact]
    public async Task A_dropped_receipt_breaks_the_batch_against_the_canister_header()
    {
        var (batch, count) = bridge.FullestBatch;
        var copy = bridge.Copy();
        copy.Tamper = (path, json) => TamperLeaves(path, json, batch, leaves => [.. leaves.Take(leaves.Count - 1)]);
        var fact = await FirstBrokenFactAsync(copy);
        Assert.Equal((FactKinds.BatchRoot, $"batch {batch}"), (fact.Check, fact.Where));
        Assert.Contains($"the bridge serves {count - 1} leaves, the canister's receipt_count is {count}", fact.What);
    }

    [Fact]
    public async Task A_forged_signature_is_named_by_batch_and_leaf()
    {
        var forger = BridgeKey.GenerateEd25519();
        var (batch, _) = bridge.FullestBatch;
        var copy = bridge.Copy();
        copy.Tamper = (path, json) => TamperLeaves(path, json, batch, leaves =>
        {
            var leaf = ReceiptLeafCodec.Decode(leaves[1]);
            var forged = forger.Identity.Sign(Bridge.Core.Protocol.BridgeHashes.ReceiptMessage(leaf.ReceiptHash));
            leaves[1] = ReceiptLeafCodec.Encode(leaf with { ProviderSignature = forged });
            return leaves;
        });
        var fact = await FirstBrokenFactAsync(copy);
        Assert.Equal((FactKinds.Leaf, $"batch {batch} leaf 1"), (fact.Check, fact.Where));
        Assert.Contains("provider_signature does not verify", fact.What);
    }

    [Fact]
    public async Task A_wrong_previous_root_breaks_the_chain_at_that_batch()
    {
        var copy = bridge.Copy();
        copy.Tamper = (path, json) =>
        {
            if (path.StartsWith("/v1/batches?", StringComparison.Ordinal) && json is JsonArray { Count: >= 2 } batches)
                batches[1]!["previous_root"] = Convert.ToHexStringLower(new byte[32].Select((_, i) => (byte)i).ToArray());
            return json;
        };
        var fact = await FirstBrokenFactAsync(copy);
        Assert.Equal((FactKinds.BatchChain, "batch 2"), (fact.Check, fact.Where));
        Assert.Contains("previous_root is 000102", fact.What);
    }

    [Fact]
    public async Task A_changed_reward_line_is_named_by_epoch_and_line()
    {
        var copy = bridge.Copy();
        var line = copy.Answers["/v1/epochs/1"]!["lines"]![0]!;
        var amount = BigInteger.Parse((string)line["amount"]!, CultureInfo.InvariantCulture);
        line["amount"] = (amount + 1).ToString(CultureInfo.InvariantCulture);
        var fact = await FirstBrokenFactAsync(copy);
        Assert.Equal(FactKinds.EpochLines, fact.Check);
        Assert.StartsWith("epoch 1 line 0 ", fact.Where);
        Assert.Contains($"the bridge's amount is {amount + 1}, recomputed {amount}", fact.What);
    }

    [Fact]
    public async Task The_command_line_tool_checks_the_real_bridge_writes_a_report_and_resumes_from_it()
    {
        string report = Path.Combine(Path.GetTempPath(), "bridge-verify-" + Guid.NewGuid().ToString("N") + ".json");
        try
        {
            string[] args = ["--bridge", bridge.Dev.Address.ToString(), "--ic", bridge.Info.ReplicaUrl.ToString(), "--rollup", bridge.Info.RollupCanister.ToString(),
                "--fetch-root-key", "--report", report];
            var output = new StringWriter();
            var error = new StringWriter();
            Assert.Equal(VerifyCommand.Holds, await VerifyCommand.RunAsync(args, output, error, CancellationToken.None));
            Assert.Contains("OK: every fact holds", output.ToString());
            Assert.Contains("warning: the root key is fetched", error.ToString());
            var first = await Reporting.VerifyReport.ReadAsync(report);
            Assert.True(first.Ok);
            Assert.True(first.Position.NextBatch > 2);
            Assert.Equal(6, first.Position.Receipts.Count);

            var resumedError = new StringWriter();
            Assert.Equal(VerifyCommand.Holds, await VerifyCommand.RunAsync([.. args, "--resume"], new StringWriter(), resumedError, CancellationToken.None));
            Assert.Contains($"resuming at batch {first.Position.NextBatch}", resumedError.ToString());
            var second = await Reporting.VerifyReport.ReadAsync(report);
            Assert.True(second.Ok);
            Assert.Equal(0, second.Summary!.Leaves);

            Assert.Equal(VerifyCommand.UsageError, await VerifyCommand.RunAsync(["--bridge", "x"], new StringWriter(), new StringWriter(), CancellationToken.None));
        }
        finally
        {
            File.Delete(report);
        }
    }
}
