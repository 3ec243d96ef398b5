using System.Buffers.Binary;
using System.Security.Cryptography;
using Bridge.Client.Models;
using Bridge.Client.Rollup;
using Bridge.Core.Leaves;
using Bridge.Core.Merkle;
using Icp.Agent;
using Icp.Agent.Certification;
using Icp.Candid;

namespace Bridge.Client.Proofs;

/// <summary>
/// Checks receipts' inclusion proofs (from <c>GET /v1/receipts/{provider}/{receipt_id}</c>) against the roots the rollup
/// canister holds, read through an <see cref="IcpAgent"/>: <c>get_batch</c> is a query whose node signatures the agent
/// verifies; when the batch is the canister's latest, <c>certified_last_batch</c>'s certificate is verified too and its
/// certified data must be SHA-256(sequence as 8 bytes big-endian ‖ root). The proof is always checked at the canister
/// header's receipt_count, never at a size the bridge reports.
/// </summary>
public sealed class RollupProofVerifier
{
    private readonly IcpAgent _agent;
    private readonly IBlsVerifier _bls;
    private readonly RollupClient _rollup;

    /// <summary>A verifier reading <paramref name="rollupCanister"/> through <paramref name="agent"/> (any identity; anonymous is fine).</summary>
    /// <param name="agent">The agent; on a local network its root key is fetched from the replica when first needed.</param>
    /// <param name="rollupCanister">The rollup canister (<see cref="BridgeInfo.RollupCanister"/>).</param>
    /// <param name="bls">The BLS check for certificates; our BLS12-381 by default.</param>
    public RollupProofVerifier(IcpAgent agent, Principal rollupCanister, IBlsVerifier? bls = null)
    {
        _agent = agent ?? throw new ArgumentNullException(nameof(agent));
        ArgumentNullException.ThrowIfNull(rollupCanister);
        _bls = bls ?? Bls12381Verifier.Shared;
        _rollup = new RollupClient(agent, rollupCanister);
    }

    /// <summary>The rollup canister.</summary>
    public Principal RollupCanister => _rollup.CanisterId;

    /// <summary>
    /// Checks <paramref name="status"/>'s proof: reads its batch from the canister (<see cref="ReadBatchAsync"/>) and
    /// checks the proof against it (<see cref="Verify"/>). A failed check is a result with
    /// <see cref="ReceiptProofResult.Failure"/>; an unreachable IC or an invalid certificate throws.
    /// </summary>
    /// <param name="status">The receipt's status with its leaf and proof.</param>
    /// <param name="expectedReceiptHash">The receipt_hash the caller computed (<see cref="Signing.ReceiptSigning.Hash"/>), if any:
    /// the leaf must carry it; otherwise the leaf must carry the status's.</param>
    /// <param name="ct">Cancels the reads.</param>
    /// <exception cref="CertificateVerificationException">The certificate of <c>certified_last_batch</c> does not verify.</exception>
    /// <exception cref="IcpAgentException">The IC could not be read.</exception>
    public async Task<ReceiptProofResult> VerifyAsync(ReceiptStatus status, byte[]? expectedReceiptHash = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(status);
        if (!status.HasProof) return Verify(status, null, expectedReceiptHash);
        var batch = await ReadBatchAsync(status.Batch!.Value, ct).ConfigureAwait(false);
        return batch is null ? ReceiptProofResult.Fail($"the rollup canister has no batch {status.Batch}", status.Batch.Value) : Verify(status, batch, expectedReceiptHash);
    }

    /// <summary>
    /// Reads batch <paramref name="sequence"/> from the canister (a query whose node signatures the agent verifies);
    /// when it is the canister's latest, also <c>certified_last_batch</c>, whose certificate is verified and whose
    /// certified data must be SHA-256(sequence ‖ root) with the same root. Null when the canister has no such batch.
    /// A final batch's root never changes: read it once, then <see cref="Verify"/> each of its receipts.
    /// </summary>
    /// <exception cref="CertificateVerificationException">The certificate does not verify, or certifies another root.</exception>
    /// <exception cref="IcpAgentException">The IC could not be read.</exception>
    public async Task<RollupBatchRoot?> ReadBatchAsync(ulong sequence, CancellationToken ct = default)
    {
        var record = await _rollup.GetBatchAsync(sequence, ct).ConfigureAwait(false);
        if (record is null) return null;
        var header = record.Header;
        bool certified = false;
        var last = await _rollup.CertifiedLastBatchAsync(ct).ConfigureAwait(false);
        if (last.Sequence == sequence)
        {
            await CheckCertifiedAsync(last, ct).ConfigureAwait(false);
            if (!last.Root.AsSpan().SequenceEqual(header.Root))
                throw new CertificateVerificationException(CertificateVerificationError.Malformed,
                    $"batch {sequence}'s root differs between get_batch and the certified last batch");
            certified = true;
        }
        return new RollupBatchRoot(sequence, header.Root, header.ReceiptCount, StateOf(record.Status), certified);
    }

    /// <summary>Checks <paramref name="status"/>'s proof against <paramref name="batch"/> (read with <see cref="ReadBatchAsync"/>):
    /// the leaf carries the receipt's hash, and the path leads from it to the root at the header's receipt_count.</summary>
    /// <param name="status">The receipt's status with its leaf and proof.</param>
    /// <param name="batch">The canister's batch the status names; null gives a failure.</param>
    /// <param name="expectedReceiptHash">The receipt_hash the caller computed, if any.</param>
    public static ReceiptProofResult Verify(ReceiptStatus status, RollupBatchRoot? batch, byte[]? expectedReceiptHash = null)
    {
        ArgumentNullException.ThrowIfNull(status);
        if (!status.HasProof) return ReceiptProofResult.Fail($"the receipt is {status.State.ToString().ToLowerInvariant()}, not yet in a batch: no proof");
        if (batch is null) return ReceiptProofResult.Fail($"the rollup canister has no batch {status.Batch}", status.Batch!.Value);
        if (batch.Sequence != status.Batch)
            return ReceiptProofResult.Fail($"the receipt is in batch {status.Batch}, not {batch.Sequence}", status.Batch!.Value);
        var failure = CheckInclusion(status, expectedReceiptHash ?? status.ReceiptHash, batch.Root, batch.ReceiptCount);
        return new ReceiptProofResult(failure is null, failure, batch.Sequence, batch.Root, batch.ReceiptCount, batch.State, batch.RootCertified);
    }

    /// <summary>The pure part of the check: the leaf carries <paramref name="receiptHash"/>, and the proof leads from it to
    /// <paramref name="root"/> at tree size <paramref name="receiptCount"/>. Null when it holds, else why not.</summary>
    internal static string? CheckInclusion(ReceiptStatus status, byte[] receiptHash, byte[] root, ulong receiptCount)
    {
        Bridge.Core.Leaves.ReceiptLeaf leaf;
        try { leaf = ReceiptLeafCodec.Decode(status.Leaf); }
        catch (FormatException e)
        {
            return $"the leaf is not a ReceiptLeaf: {e.Message}";
        }
        if (!leaf.ReceiptHash.AsSpan().SequenceEqual(receiptHash))
            return $"the leaf carries receipt_hash {Convert.ToHexStringLower(leaf.ReceiptHash)}, not {Convert.ToHexStringLower(receiptHash)}";
        if (!MerkleTree.VerifyInclusion(MerkleTree.LeafHash(status.Leaf), status.LeafIndex!.Value, receiptCount, status.Proof!, root))
            return $"the proof of leaf {status.LeafIndex} does not lead to the root at tree size {receiptCount}";
        return null;
    }

    private async Task CheckCertifiedAsync(CertifiedLastBatch last, CancellationToken ct)
    {
        if (last.Certificate is not { } bytes)
            throw new CertificateVerificationException(CertificateVerificationError.Malformed, "certified_last_batch carries no certificate (was it called as an update?)");
        var rootKey = _agent.RootKey ?? await _agent.FetchRootKeyAsync(ct).ConfigureAwait(false);
        var certificate = new CertificateVerifier(_bls, rootKey).Verify(bytes, CertificateScope.ForCanister(RollupCanister));
        var lookup = certificate.Lookup(HashTreePath("canister"), RollupCanister.ToArray(), HashTreePath("certified_data"));
        if (!lookup.IsFound)
            throw new CertificateVerificationException(CertificateVerificationError.Malformed, $"the certificate holds no certified_data of {RollupCanister}");
        if (!lookup.Value.AsSpan().SequenceEqual(CertifiedData(last.Sequence, last.Root)))
            throw new CertificateVerificationException(CertificateVerificationError.Malformed,
                $"the certified data is not SHA-256(sequence ‖ root) of batch {last.Sequence}: the canister's answer does not match its certificate");
    }

    private static byte[] HashTreePath(string label) => System.Text.Encoding.UTF8.GetBytes(label);

    /// <summary>SHA-256(sequence as 8 bytes big-endian ‖ root): what the rollup canister certifies.</summary>
    internal static byte[] CertifiedData(ulong sequence, ReadOnlySpan<byte> root)
    {
        var buffer = new byte[8 + root.Length];
        BinaryPrimitives.WriteUInt64BigEndian(buffer, sequence);
        root.CopyTo(buffer.AsSpan(8));
        return SHA256.HashData(buffer);
    }

    private static RollupBatchState StateOf(BatchStatus status) => status switch
    {
        BatchStatus.Final => RollupBatchState.Final,
        BatchStatus.Rejected => RollupBatchState.Rejected,
        _ => RollupBatchState.Pending,
    };
}
