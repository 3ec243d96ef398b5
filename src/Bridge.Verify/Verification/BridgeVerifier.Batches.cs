using System.Numerics;
using Bridge.Client.Models;
using Bridge.Client.Rollup;
using Bridge.Core.Leaves;
using Bridge.Core.Merkle;
using CoreLeaf = Bridge.Core.Leaves.ReceiptLeaf;

namespace Bridge.Verify.Verification;

public sealed partial class BridgeVerifier
{
    /// <summary>Section 4: every posted batch from the position on, against the canister; then the canister's last batch
    /// against its certificate and the bridge's list.</summary>
    private async Task VerifyBatchesAsync(CancellationToken ct)
    {
        ulong expected = Position.NextBatch;
        byte[] previousRoot = Convert.FromHexString(Position.PreviousRoot);
        ulong previousWindowEnd = Position.PreviousWindowEndNs ?? _info!.GenesisNs;
        // Receipts of batches not yet final stay out of the position: such a batch may still be rejected.
        var receipts = new Dictionary<string, ulong[]>(Position.Receipts, StringComparer.Ordinal);
        bool committing = true;
        ulong lastPosted = expected - 1;
        while (true)
        {
            var page = await _bridge.GetBatchesAsync(expected, _settings.PageSize, ct).ConfigureAwait(false);
            if (page.Count == 0) break;
            bool cutReached = false;
            foreach (var batch in page)
            {
                string where = $"batch {expected}";
                if (batch.Sequence != expected)
                    Fail(FactKinds.BatchChain, where, $"the bridge lists batch {batch.Sequence} where batch {expected} was expected");
                if (batch.Status == BridgeBatchStatus.Cut) { cutReached = true; break; }
                if (!batch.PreviousRoot.AsSpan().SequenceEqual(previousRoot))
                    Fail(FactKinds.BatchChain, where, $"previous_root is {Hex(batch.PreviousRoot)}, but batch {expected - 1}'s root is {Hex(previousRoot)}");
                if (batch.WindowStartNs != previousWindowEnd)
                    Fail(FactKinds.BatchChain, where, $"window_start_ns is {batch.WindowStartNs}, but the previous window ended at {previousWindowEnd}");
                if (batch.WindowEndNs < batch.WindowStartNs)
                    Fail(FactKinds.BatchChain, where, $"window_end_ns {batch.WindowEndNs} is before window_start_ns {batch.WindowStartNs}");

                var record = await _rollup.GetBatchAsync(expected, ct).ConfigureAwait(false);
                if (record is null) Fail(FactKinds.BatchHeader, where, "the bridge shows it posted, but the rollup canister has no such batch");
                CompareHeaders(batch, record, where);

                var checkedBatch = await CheckLeavesAsync(batch.Sequence, record, where, ct).ConfigureAwait(false);
                _batches[batch.Sequence] = checkedBatch;
                await CheckReceiptRulesAsync(checkedBatch, receipts, ct).ConfigureAwait(false);

                Summary.Batches++;
                previousRoot = record.Header.Root;
                previousWindowEnd = record.Header.WindowEndNs;
                lastPosted = expected;
                if (committing && !checkedBatch.Pending)
                {
                    Position.NextBatch = expected + 1;
                    Position.PreviousRoot = Hex(previousRoot);
                    Position.PreviousWindowEndNs = previousWindowEnd;
                    Position.Receipts = new Dictionary<string, ulong[]>(receipts, StringComparer.Ordinal);
                }
                else committing = false;
                expected++;
                _progress.Report(() => $"batches: {Summary.Batches} checked, {Summary.Leaves} leaves (at batch {expected - 1})");
            }
            if (cutReached || page.Count < _settings.PageSize) break;
        }
        await CheckCanisterTipAsync(lastPosted, ct).ConfigureAwait(false);
        _progress.Say($"batches: {Summary.Batches} checked, {Summary.Leaves} leaves, up to batch {lastPosted}");
    }

    private static void CompareHeaders(BridgeBatch bridge, BatchRecord record, string where)
    {
        var h = record.Header;
        void Differs(string field, object bridgeValue, object canisterValue) =>
            Fail(FactKinds.BatchHeader, where, $"the bridge's {field} is {bridgeValue}, the canister's is {canisterValue}");
        if (!bridge.Root.AsSpan().SequenceEqual(h.Root)) Differs("root", Hex(bridge.Root), Hex(h.Root));
        if (!bridge.PreviousRoot.AsSpan().SequenceEqual(h.PreviousRoot)) Differs("previous_root", Hex(bridge.PreviousRoot), Hex(h.PreviousRoot));
        if (bridge.ReceiptCount != h.ReceiptCount) Differs("receipt_count", bridge.ReceiptCount, h.ReceiptCount);
        if (bridge.TotalFees != (BigInteger)h.TotalFees) Differs("total_fees", bridge.TotalFees, h.TotalFees);
        if (bridge.TotalGpuSeconds != (BigInteger)h.TotalGpuSeconds) Differs("total_gpu_seconds", bridge.TotalGpuSeconds, h.TotalGpuSeconds);
        if (bridge.WindowStartNs != h.WindowStartNs) Differs("window_start_ns", bridge.WindowStartNs, h.WindowStartNs);
        if (bridge.WindowEndNs != h.WindowEndNs) Differs("window_end_ns", bridge.WindowEndNs, h.WindowEndNs);
        // The bridge follows the canister, so it may still say pending; it may never contradict a decided status.
        bool contradicts = (bridge.Status, record.Status) switch
        {
            (BridgeBatchStatus.Final, not BatchStatus.Final) => true,
            (BridgeBatchStatus.Rejected, not BatchStatus.Rejected) => true,
            (_, BatchStatus.Rejected) when bridge.Status == BridgeBatchStatus.Final => true,
            _ => false,
        };
        if (contradicts) Differs("status", bridge.Status.ToString().ToLowerInvariant(), record.Status.GetType().Name.ToLowerInvariant());
    }

    /// <summary>The leaves as the bridge serves them: each checked alone, in ascending receipt_hash order, their count and
    /// sums equal to the header's, and their rebuilt root equal to the canister's.</summary>
    private async Task<CheckedBatch> CheckLeavesAsync(ulong sequence, BatchRecord record, string where, CancellationToken ct)
    {
        var bytes = await _bridge.GetBatchLeavesAsync(sequence, ct).ConfigureAwait(false);
        if (bytes is null) Fail(FactKinds.BatchRoot, where, "the bridge serves no leaves for it");
        var leaves = new CoreLeaf[bytes.Count];
        BigInteger fees = BigInteger.Zero, gpu = BigInteger.Zero;
        for (int i = 0; i < bytes.Count; i++)
        {
            string at = $"{where} leaf {i}";
            CoreLeaf leaf;
            try { leaf = ReceiptLeafCodec.Decode(bytes[i]); }
            catch (FormatException e) { Fail(FactKinds.Leaf, at, $"does not decode: {e.Message}"); throw; }
            var result = ReceiptLeafCheck.Check(leaf);
            if (result != LeafCheckResult.Valid) Fail(FactKinds.Leaf, at, $"{Describe(result)} (receipt {leaf.Provider}/{leaf.ReceiptId})");
            if (leaf.NetworkId != _info!.NetworkId) Fail(FactKinds.Leaf, at, $"network_id is '{leaf.NetworkId}', the bridge's is '{_info.NetworkId}'");
            if (i > 0 && leaf.ReceiptHash.AsSpan().SequenceCompareTo(leaves[i - 1].ReceiptHash) <= 0)
                Fail(FactKinds.Leaf, at, $"receipt_hash {Hex(leaf.ReceiptHash)} does not follow leaf {i - 1}'s {Hex(leaves[i - 1].ReceiptHash)}: leaves must ascend by receipt_hash");
            await CheckRegistrationAsync(leaf, at, ct).ConfigureAwait(false);
            leaves[i] = leaf;
            fees += leaf.FeeAmount;
            gpu += leaf.GpuSeconds;
            Summary.Leaves++;
        }
        var h = record.Header;
        if ((ulong)bytes.Count != h.ReceiptCount)
            Fail(FactKinds.BatchRoot, where, $"the bridge serves {bytes.Count} leaves, the canister's receipt_count is {h.ReceiptCount}");
        var tree = MerkleTree.FromLeaves(bytes);
        if (!tree.Root.AsSpan().SequenceEqual(h.Root))
            Fail(FactKinds.BatchRoot, where, $"the root rebuilt from the bridge's {bytes.Count} leaves is {Hex(tree.Root)}, the canister's is {Hex(h.Root)}");
        if (fees != (BigInteger)h.TotalFees) Fail(FactKinds.BatchRoot, where, $"the leaves' fees sum to {fees}, the header's total_fees is {h.TotalFees}");
        if (gpu != (BigInteger)h.TotalGpuSeconds) Fail(FactKinds.BatchRoot, where, $"the leaves' gpu_seconds sum to {gpu}, the header's total_gpu_seconds is {h.TotalGpuSeconds}");
        return new CheckedBatch(record, bytes, leaves, tree);
    }

    private static string Describe(LeafCheckResult result) => result switch
    {
        LeafCheckResult.OutOfRange => "a value is outside the receipt's ranges",
        LeafCheckResult.ReceiptHashMismatch => "receipt_hash is not the hash of its fields",
        LeafCheckResult.ProviderKeyMismatch => "provider_public_key is not the provider's key",
        LeafCheckResult.BadProviderSignature => "provider_signature does not verify",
        LeafCheckResult.CountersignatureIncomplete => "requester_public_key and requester_signature are not both present or both null",
        LeafCheckResult.RequesterKeyMismatch => "requester_public_key is not the requester's key",
        LeafCheckResult.BadRequesterSignature => "requester_signature does not verify",
        _ => result.ToString(),
    };

    /// <summary>The leaf's provider key and owner are the node's registration (<c>GET /v1/nodes/{provider}</c>, asked once per node).</summary>
    private async Task CheckRegistrationAsync(CoreLeaf leaf, string at, CancellationToken ct)
    {
        string key = leaf.Provider.ToString();
        if (!_nodes.TryGetValue(key, out var node))
        {
            node = await _bridge.GetNodeAsync(leaf.Provider, ct).ConfigureAwait(false);
            _nodes[key] = node;
        }
        if (node is null) Fail(FactKinds.Leaf, at, $"provider {leaf.Provider} is not a node the bridge knows");
        if (!node.PublicKey.AsSpan().SequenceEqual(leaf.ProviderPublicKey))
            Fail(FactKinds.Leaf, at, $"provider_public_key differs from the key node {leaf.Provider} registered");
        if (node.Owner != leaf.ProviderOwner)
            Fail(FactKinds.Leaf, at, $"provider_owner is {leaf.ProviderOwner}, node {leaf.Provider} registered owner {node.Owner}");
    }

    /// <summary>No (provider, receipt_id) twice and no self-dealing in batches that are not rejected. A pending batch that
    /// breaks either is claimed against when a claim filer is set (the watchtower); otherwise it is a broken fact.</summary>
    private async Task CheckReceiptRulesAsync(CheckedBatch batch, Dictionary<string, ulong[]> receipts, CancellationToken ct)
    {
        ulong sequence = batch.Record.Header.Sequence;
        if (batch.Rejected) return; // earns nothing; a claim already proved what was wrong with it
        var added = new List<string>();
        for (int i = 0; i < batch.Leaves.Count; i++)
        {
            var leaf = batch.Leaves[i];
            string at = $"batch {sequence} leaf {i}";
            if (leaf.Requester.Owner == leaf.Provider || leaf.Requester.Owner == leaf.ProviderOwner)
            {
                string what = $"receipt {leaf.Provider}/{leaf.ReceiptId} has requester {leaf.Requester.Owner}, its provider or the provider's owner";
                if (await ClaimAsync(batch, () => Task.FromResult<Claim>(new Claim.SelfDealing(InBatch(batch, i))), "SelfDealing", at, ct).ConfigureAwait(false)) break;
                Fail(FactKinds.SelfDealing, at, what);
            }
            string key = ReceiptKey.Of(leaf.Provider, leaf.ReceiptId);
            if (receipts.TryGetValue(key, out var first))
            {
                string firstAt = $"batch {first[0]} leaf {first[1]}";
                int index = i;
                if (await ClaimAsync(batch, async () => new Claim.DuplicateReceipt(new ClaimDuplicateReceipt
                {
                    First = await InBatchAsync(first[0], (int)first[1], ct).ConfigureAwait(false),
                    Second = InBatch(batch, index),
                }), "DuplicateReceipt", $"{firstAt} and {at}", ct).ConfigureAwait(false)) break;
                Fail(FactKinds.DuplicateReceipt, at, $"receipt {leaf.Provider}/{leaf.ReceiptId} is already at {firstAt}");
            }
            receipts[key] = [sequence, (ulong)i];
            added.Add(key);
        }
        if (batch.Rejected || _rejectedByClaim.Contains(sequence))
            foreach (var key in added) receipts.Remove(key);
    }

    private readonly HashSet<ulong> _rejectedByClaim = [];

    /// <summary>Files a claim against a pending batch when claims are on; true when the canister rejected the batch.</summary>
    private async Task<bool> ClaimAsync(CheckedBatch batch, Func<Task<Claim>> claim, string kind, string where, CancellationToken ct)
    {
        if (_claims is null || !batch.Pending) return false;
        ulong sequence = batch.Record.Header.Sequence;
        var filed = await _claims.FileAsync(await claim().ConfigureAwait(false), kind, sequence, where, ct).ConfigureAwait(false);
        Summary.Claims.Add(filed);
        _progress.Say($"claim {kind} against batch {sequence} ({where}): {(filed.Accepted ? "accepted" : "refused")}: {filed.Outcome}");
        if (filed.Accepted) _rejectedByClaim.Add(sequence);
        return filed.Accepted;
    }

    private static ReceiptInBatch InBatch(CheckedBatch batch, int index) => new()
    {
        Batch = batch.Record.Header.Sequence,
        Proof = new InclusionProof { Leaf = batch.LeafBytes[index], LeafIndex = (ulong)index, Path = batch.Tree.AuditPath(index) },
    };

    /// <summary>A proof of a leaf of an earlier batch: from this run's checked batches, or read and checked again.</summary>
    private async Task<ReceiptInBatch> InBatchAsync(ulong sequence, int index, CancellationToken ct)
    {
        if (!_batches.TryGetValue(sequence, out var batch))
        {
            var record = await _rollup.GetBatchAsync(sequence, ct).ConfigureAwait(false);
            if (record is null) Fail(FactKinds.BatchHeader, $"batch {sequence}", "the rollup canister has no such batch");
            batch = await CheckLeavesAsync(sequence, record, $"batch {sequence}", ct).ConfigureAwait(false);
            _batches[sequence] = batch;
        }
        return InBatch(batch, index);
    }

    /// <summary>The canister's last batch, with its certificate verified: the bridge must list it (no other writer).</summary>
    private async Task CheckCanisterTipAsync(ulong lastPosted, CancellationToken ct)
    {
        var last = await _rollup.CertifiedLastBatchAsync(ct).ConfigureAwait(false);
        if (last.Sequence == 0) return;
        var tip = await _certified.ReadBatchAsync(last.Sequence, ct).ConfigureAwait(false);
        if (tip is null) Fail(FactKinds.BatchHeader, $"batch {last.Sequence}", "the canister certifies it as its last batch but get_batch does not know it");
        Summary.CertifiedBatch = last.Sequence;
        if (last.Sequence > lastPosted)
        {
            // The poster records a batch as posted after the canister took it; a batch the bridge still shows cut with
            // the same root is that moment, anything else is a writer the bridge does not know.
            var bridgeBatch = await _bridge.GetBatchAsync(last.Sequence, ct).ConfigureAwait(false);
            if (last.Sequence != lastPosted + 1 || bridgeBatch is null || !bridgeBatch.Root.AsSpan().SequenceEqual(tip.Root))
                Fail(FactKinds.BatchHeader, $"batch {last.Sequence}", $"the rollup canister holds batches up to {last.Sequence}, the bridge lists posted batches up to {lastPosted}");
        }
    }
}
