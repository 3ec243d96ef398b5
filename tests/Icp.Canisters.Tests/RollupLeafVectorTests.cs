using System.Globalization;
using System.Text.Json;
using Icp.Candid;
using Icp.Canisters.Tests.Rollup;

namespace Icp.Canisters.Tests;

/// <summary>
/// The receipt leaf of BRIDGE-PROTOCOL.md section 4 (with provider_public_key, requester_public_key and fee_block) on
/// the rollup canister, from the shared vectors in <c>conformance/bridge/leaf.json</c>; and leaves of the older shape.
/// </summary>
public partial class RollupTests
{
    private static readonly Lazy<JsonElement> LeafVectors = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Icp.Testing.RepositoryPaths.ConformanceFolder("bridge"), "leaf.json"))).RootElement);

    private static byte[] Hex(JsonElement e) => Convert.FromHexString(e.GetString()!);

    private static List<byte[]> VectorBatchLeaves() =>
        LeafVectors.Value.GetProperty("batch").GetProperty("leaves").EnumerateArray().Select(l => Hex(l.GetProperty("bytes"))).ToList();

    /// <summary>Posts the vector batch as batch 1, with the vector's root and receipt count.</summary>
    private async Task<(Principal Id, List<byte[]> Leaves)> VectorBatchAsync()
    {
        var id = await InstallAsync();
        var batch = LeafVectors.Value.GetProperty("batch");
        var leaves = VectorBatchLeaves();
        var root = Hex(batch.GetProperty("root"));
        ulong count = batch.GetProperty("receipt_count").GetUInt64();
        Assert.Equal(root, Merkle.Root(leaves));
        await SubmitChainAsync(As(id, Actors.Poster), 1, _ => (root, count));
        return (id, leaves);
    }

    /// <summary>A proof with the vector's own audit path (not one computed here).</summary>
    private static ReceiptInBatch VectorProof(int index)
    {
        var leaf = LeafVectors.Value.GetProperty("batch").GetProperty("leaves")[index];
        return new ReceiptInBatch
        {
            Batch = 1,
            Proof = new InclusionProof
            {
                Leaf = Hex(leaf.GetProperty("bytes")),
                LeafIndex = (ulong)index,
                Path = leaf.GetProperty("path").EnumerateArray().Select(Hex).ToArray(),
            },
        };
    }

    /// <summary>A leaf's fields in leaf.json's notation: principals as text, blobs as hex, numbers as decimal, opt as null.</summary>
    private static SortedDictionary<string, string?> Fields(ReceiptLeaf r)
    {
        static string? HexOf(byte[]? b) => b is null ? null : Convert.ToHexString(b).ToLowerInvariant();
        return new(StringComparer.Ordinal)
        {
            ["network_id"] = r.NetworkId,
            ["receipt_id"] = r.ReceiptId,
            ["task_id"] = r.TaskId,
            ["provider"] = r.Provider.ToString(),
            ["provider_owner"] = r.ProviderOwner.ToString(),
            ["provider_public_key"] = HexOf(r.ProviderPublicKey),
            ["requester.owner"] = r.Requester.Owner.ToString(),
            ["requester.subaccount"] = HexOf(r.Requester.Subaccount),
            ["requester_public_key"] = HexOf(r.RequesterPublicKey),
            ["workload"] = r.Workload,
            ["gpu_model"] = r.GpuModel,
            ["gpu_seconds"] = r.GpuSeconds.ToString(CultureInfo.InvariantCulture),
            ["started_at_ns"] = r.StartedAtNs.ToString(CultureInfo.InvariantCulture),
            ["ended_at_ns"] = r.EndedAtNs.ToString(CultureInfo.InvariantCulture),
            ["fee_token"] = r.FeeToken.ToString(),
            ["fee_amount"] = r.FeeAmount.ToString(),
            ["fee_block"] = r.FeeBlock?.ToString(),
            ["result_hash"] = HexOf(r.ResultHash),
            ["receipt_hash"] = HexOf(r.ReceiptHash),
            ["provider_signature"] = HexOf(r.ProviderSignature),
            ["requester_signature"] = HexOf(r.RequesterSignature),
        };
    }

    private static SortedDictionary<string, string?> Fields(JsonElement value)
    {
        var fields = new SortedDictionary<string, string?>(StringComparer.Ordinal);
        void Add(string prefix, JsonElement e)
        {
            foreach (var p in e.EnumerateObject())
            {
                if (p.Value.ValueKind == JsonValueKind.Object) Add(prefix + p.Name + ".", p.Value);
                else fields[prefix + p.Name] = p.Value.ValueKind == JsonValueKind.Null ? null : p.Value.GetString();
            }
        }
        Add("", value);
        return fields;
    }

    [Fact]
    public async Task Decode_receipt_leaf_returns_the_values_of_the_vector_leaves()
    {
        var id = await InstallAsync();
        var client = As(id, Actors.Alice);
        foreach (var vector in LeafVectors.Value.GetProperty("leaves").EnumerateArray())
        {
            var decoded = await client.DecodeReceiptLeafAsync(Hex(vector.GetProperty("bytes")));
            Assert.NotNull(decoded);
            Assert.Equal(Fields(vector.GetProperty("value")), Fields(decoded));
        }
        foreach (var leaf in LeafVectors.Value.GetProperty("batch").GetProperty("leaves").EnumerateArray())
        {
            var decoded = await client.DecodeReceiptLeafAsync(Hex(leaf.GetProperty("bytes")));
            Assert.NotNull(decoded);
            Assert.Equal(Hex(leaf.GetProperty("receipt_hash")), decoded.ReceiptHash);
        }
    }

    [Fact]
    public async Task The_vector_proofs_hold_on_the_canister_and_the_vector_batch_is_honest()
    {
        var (id, leaves) = await VectorBatchAsync();
        var client = As(id, Actors.Alice);
        for (int i = 0; i < leaves.Count; i++)
        {
            // NotAViolation means the proof verified against the posted root and the leaf decoded.
            var error = Assert.IsType<ClaimResult.Err>(await client.SubmitClaimAsync(new Claim.SelfDealing(VectorProof(i)))).Value;
            Assert.IsType<ClaimError.NotAViolation>(error);
        }
        var pairs = new Claim.DuplicateReceipt(new ClaimDuplicateReceipt { First = VectorProof(0), Second = VectorProof(5) });
        Assert.IsType<ClaimError.NotAViolation>(Assert.IsType<ClaimResult.Err>(await client.SubmitClaimAsync(pairs)).Value);
        Assert.IsType<BatchStatus.Pending>((await client.GetBatchAsync(1))!.Status);
    }

    [Fact]
    public async Task A_vector_receipt_posted_again_rejects_the_later_batch()
    {
        var (id, leaves) = await VectorBatchAsync();
        var client = As(id, Actors.Alice);
        // Batch 2 repeats receipt r1 (leaf 3 of the vector batch) in the new shape, re-encoded here with another task id.
        var r1 = (await client.DecodeReceiptLeafAsync(leaves[3]))!;
        var batch2 = new List<byte[]> { Encode(Leaf("r-new")), Encode(r1 with { TaskId = "t-again" }) };
        Assert.Equal(new SubmitResult.Ok(2), await As(id, Actors.Poster).SubmitBatchAsync(Header(2, Merkle.Root(leaves), Merkle.Root(batch2), 2)));

        var claim = new Claim.DuplicateReceipt(new ClaimDuplicateReceipt { First = VectorProof(3), Second = Proof(2, batch2, 1) });
        var outcome = Assert.IsType<ClaimResult.Ok>(await client.SubmitClaimAsync(claim)).Value;
        Assert.Equal(2UL, outcome.RejectedBatch);
        Assert.Contains(r1.ReceiptId, outcome.Reason);
        Assert.IsType<BatchStatus.Rejected>((await client.GetBatchAsync(2))!.Status);
        Assert.IsType<BatchStatus.Pending>((await client.GetBatchAsync(1))!.Status);
    }

    [Fact]
    public async Task A_self_dealing_leaf_of_the_new_shape_rejects_its_batch()
    {
        var (id, leaves) = await VectorBatchAsync();
        var client = As(id, Actors.Alice);
        // Built from vector r2 with the requester set to the node's registered owner, fee_block and keys kept.
        var r2 = (await client.DecodeReceiptLeafAsync(leaves[2]))!;
        var selfDealing = r2 with { ReceiptId = "r-self", FeeBlock = 48_214, Requester = new Account { Owner = r2.ProviderOwner, Subaccount = null } };
        var batch2 = new List<byte[]> { Encode(Leaf("r-honest")), Encode(selfDealing), Encode(Leaf("r-other")) };
        Assert.Equal(new SubmitResult.Ok(2), await As(id, Actors.Poster).SubmitBatchAsync(Header(2, Merkle.Root(leaves), Merkle.Root(batch2), 3)));

        var outcome = Assert.IsType<ClaimResult.Ok>(await client.SubmitClaimAsync(new Claim.SelfDealing(Proof(2, batch2, 1)))).Value;
        Assert.Equal(2UL, outcome.RejectedBatch);
        Assert.Contains("SelfDealing: receipt r-self", outcome.Reason);
        Assert.IsType<BatchStatus.Pending>((await client.GetBatchAsync(1))!.Status);
    }

    /// <summary>A leaf of the shape before provider_public_key, requester_public_key and fee_block.</summary>
    private sealed record OlderLeaf(
        string NetworkId, string ReceiptId, string TaskId, Principal Provider, Principal ProviderOwner, OlderAccount Requester,
        string Workload, string GpuModel, ulong GpuSeconds, ulong StartedAtNs, ulong EndedAtNs, Principal FeeToken, Nat FeeAmount,
        byte[] ResultHash, byte[] ReceiptHash, byte[] ProviderSignature, byte[]? RequesterSignature);

    private sealed record OlderAccount(Principal Owner, byte[]? Subaccount);

    private static byte[] EncodeOlder(ReceiptLeaf r) => CandidSerializer.Serialize(
        new OlderLeaf(r.NetworkId, r.ReceiptId, r.TaskId, r.Provider, r.ProviderOwner, new OlderAccount(r.Requester.Owner, r.Requester.Subaccount),
            r.Workload, r.GpuModel, r.GpuSeconds, r.StartedAtNs, r.EndedAtNs, r.FeeToken, r.FeeAmount, r.ResultHash, r.ReceiptHash,
            r.ProviderSignature, r.RequesterSignature),
        new CandidSerializerOptions { Naming = CandidNaming.SnakeCase });

    [Fact]
    public async Task Leaves_of_the_older_shape_are_no_full_leaf_but_claims_still_read_them()
    {
        var id = await InstallAsync();
        var client = As(id, Actors.Alice);
        var older = EncodeOlder(Leaf("r-1"));
        // provider_public_key is a blob, and Candid has no default for a missing field that is not opt.
        Assert.Null(await client.DecodeReceiptLeafAsync(older));

        // A batch posted before the upgrade (older leaves) and one after (new leaves) repeating r-1; and an older self-dealing leaf.
        var batch1 = new List<byte[]> { older, EncodeOlder(Leaf("r-2")), EncodeOlder(Leaf("r-3", requester: Actors.Provider)) };
        var batch2 = new List<byte[]> { Encode(Leaf("r-4")), Encode(Leaf("r-1")) };
        await SubmitChainAsync(As(id, Actors.Poster), 2, i => i == 1 ? (Merkle.Root(batch1), 3UL) : (Merkle.Root(batch2), 2UL));

        var duplicate = new Claim.DuplicateReceipt(new ClaimDuplicateReceipt { First = Proof(1, batch1, 0), Second = Proof(2, batch2, 1) });
        Assert.Equal(2UL, Assert.IsType<ClaimResult.Ok>(await client.SubmitClaimAsync(duplicate)).Value.RejectedBatch);
        Assert.IsType<ClaimError.NotAViolation>(Assert.IsType<ClaimResult.Err>(await client.SubmitClaimAsync(new Claim.SelfDealing(Proof(1, batch1, 1)))).Value);
        Assert.Equal(1UL, Assert.IsType<ClaimResult.Ok>(await client.SubmitClaimAsync(new Claim.SelfDealing(Proof(1, batch1, 2)))).Value.RejectedBatch);
    }
}
