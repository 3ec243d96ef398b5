using Bridge.Client.Keys;
using Bridge.Core.Protocol;
using Bridge.Core.Receipts;

namespace Bridge.Client.Signing;

/// <summary>
/// Signs receipts (section 3) with Bridge.Core's hashing, so the bytes are the bridge's: the provider signs
/// <c>\x0Fcompute-receipt ‖ receipt_hash</c>, the requester countersigns the same message. Build the
/// <see cref="Receipt"/> with an empty <see cref="Receipt.ProviderSignature"/>; signatures and keys are not hashed.
/// </summary>
public static class ReceiptSigning
{
    /// <summary>receipt_hash (32 bytes).</summary>
    public static byte[] Hash(Receipt receipt) => BridgeHashes.ReceiptHash(receipt);

    /// <summary>What both parties sign: <c>\x0Fcompute-receipt ‖ receipt_hash</c>.</summary>
    public static byte[] Message(Receipt receipt) => BridgeHashes.ReceiptMessage(Hash(receipt));

    /// <summary>The receipt with the provider's signature made by <paramref name="providerKey"/>.</summary>
    /// <exception cref="ArgumentException">The key's principal is not <see cref="Receipt.Provider"/>.</exception>
    public static Receipt SignAsProvider(Receipt receipt, BridgeKey providerKey)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        ArgumentNullException.ThrowIfNull(providerKey);
        if (providerKey.Principal != receipt.Provider)
            throw new ArgumentException($"the key's principal {providerKey.Principal} is not the receipt's provider {receipt.Provider}", nameof(providerKey));
        return receipt with { ProviderSignature = providerKey.Sign(Message(receipt)) };
    }

    /// <summary>The receipt countersigned by the requester: <c>requester_public_key</c> and <c>requester_signature</c> set.</summary>
    /// <exception cref="ArgumentException">The key's principal is not <see cref="Receipt.Requester"/>.</exception>
    public static Receipt Countersign(Receipt receipt, BridgeKey requesterKey)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        ArgumentNullException.ThrowIfNull(requesterKey);
        if (requesterKey.Principal != receipt.Requester)
            throw new ArgumentException($"the key's principal {requesterKey.Principal} is not the receipt's requester {receipt.Requester}", nameof(requesterKey));
        return receipt with { RequesterPublicKey = requesterKey.PublicKeyDer, RequesterSignature = requesterKey.Sign(Message(receipt)) };
    }

    /// <summary>The fee_memo the requester puts on its fee payment: hash_of_map{ network_id, provider, receipt_id }.</summary>
    public static byte[] FeeMemo(Receipt receipt) => BridgeHashes.FeeMemo(receipt);
}
