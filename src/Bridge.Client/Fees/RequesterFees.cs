using Bridge.Client.Keys;
using Bridge.Core.Protocol;
using Icp.Agent;
using Icp.Agent.Certification;
using Icp.Candid;
using Icp.Ledger;

namespace Bridge.Client.Fees;

/// <summary>
/// The requester's fee payment (section 3): before the provider sends a receipt, the requester transfers at least
/// <c>fee_amount</c> on <c>fee_token</c>'s ledger to the network's fee account with memo = fee_memo, and gives the
/// block index to the provider as <c>fee_block</c>. The memo binds the payment to one (provider, receipt_id).
/// </summary>
public static class RequesterFees
{
    /// <summary>fee_memo = hash_of_map{ network_id: text, provider: blob, receipt_id: text } (32 bytes).</summary>
    public static byte[] Memo(string networkId, Principal provider, string receiptId)
    {
        ArgumentException.ThrowIfNullOrEmpty(networkId);
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentException.ThrowIfNullOrEmpty(receiptId);
        return BridgeHashes.FeeMemo(networkId, provider, receiptId);
    }

    /// <summary>
    /// Pays a receipt's fee with <c>icrc1_transfer</c> on <paramref name="ledger"/> (its transport signing as the
    /// requester) and returns the block index to put in <c>fee_block</c>. The ledger fee is paid on top of
    /// <paramref name="amount"/>; a retry within the ledger's deduplication window returns the first block.
    /// </summary>
    /// <param name="ledger">The fee token's ledger, over an agent whose identity is the requester.</param>
    /// <param name="feeAccount">The network's fee account (<c>/v1/info</c>'s <c>fee_account</c>).</param>
    /// <param name="feeMemo">The receipt's fee_memo (<see cref="Memo"/>).</param>
    /// <param name="amount">The receipt's <c>fee_amount</c>.</param>
    /// <param name="createdAt">The transfer's <c>created_at_time</c> (keep it for a retry, so the ledger deduplicates).</param>
    /// <param name="fromSubaccount">The requester's subaccount (the receipt's <c>requester_subaccount</c>), or null.</param>
    /// <param name="ct">Cancels the call.</param>
    /// <exception cref="LedgerRejectedException">The ledger refused the transfer (insufficient funds, …).</exception>
    public static async Task<ulong> PayAsync(IcrcLedger ledger, Account feeAccount, byte[] feeMemo, UInt128 amount, DateTimeOffset createdAt,
        byte[]? fromSubaccount = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(feeAccount);
        ArgumentNullException.ThrowIfNull(feeMemo);
        if (feeMemo.Length != 32) throw new ArgumentException("a fee_memo has 32 bytes", nameof(feeMemo));
        var outcome = await ledger.TransferAsync(new TransferRequest
        {
            To = feeAccount,
            Amount = new Nat((System.Numerics.BigInteger)amount),
            CreatedAt = createdAt,
            Memo = feeMemo,
            FromSubaccount = fromSubaccount,
        }, ct).ConfigureAwait(false);
        return (ulong)outcome.EnsureSuccess();
    }

    /// <summary>The fee token's ledger over a new agent that signs as <paramref name="requesterKey"/>.</summary>
    /// <param name="http">The HTTP client the agent sends through (not disposed by it).</param>
    /// <param name="replicaUrl">Where the IC is reached (<c>/v1/info</c>'s <c>replica_url</c>).</param>
    /// <param name="isLocalNetwork">True for a local replica: its root key is fetched from it.</param>
    /// <param name="requesterKey">The requester's key.</param>
    /// <param name="ledgerCanister">The fee token's ledger.</param>
    public static IcrcLedger LedgerFor(HttpClient http, Uri replicaUrl, bool isLocalNetwork, BridgeKey requesterKey, Principal ledgerCanister)
    {
        ArgumentNullException.ThrowIfNull(requesterKey);
        var options = new IcpAgentOptions { Url = replicaUrl, IsLocalNetwork = isLocalNetwork, Identity = requesterKey.Identity };
        return new IcrcLedger(new IcpAgent(http, options, Bls12381Verifier.Shared), ledgerCanister);
    }
}
