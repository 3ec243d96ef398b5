using Bridge.Core.Protocol;
using Bridge.Core.Signatures;

namespace Bridge.Core.Leaves;

/// <summary>Checks one leaf alone: receipt_hash from its own fields, the signatures with its own keys, the keys'
/// principals against provider and requester.owner.</summary>
public static class ReceiptLeafCheck
{
    /// <summary>The first failure, or <see cref="LeafCheckResult.Valid"/>.</summary>
    public static LeafCheckResult Check(ReceiptLeaf leaf, ISignatureVerifier? verifier = null)
    {
        ArgumentNullException.ThrowIfNull(leaf);
        verifier ??= SignatureVerifiers.Default;
        var receipt = leaf.ToReceipt();
        if (receipt is null) return LeafCheckResult.OutOfRange;
        var hash = BridgeHashes.ReceiptHash(receipt);
        if (!hash.AsSpan().SequenceEqual(leaf.ReceiptHash)) return LeafCheckResult.ReceiptHashMismatch;
        if (!BridgePublicKey.TryFromDer(leaf.ProviderPublicKey, out var providerKey) || providerKey.Principal != leaf.Provider)
            return LeafCheckResult.ProviderKeyMismatch;
        var message = BridgeHashes.ReceiptMessage(hash);
        if (!verifier.Verify(providerKey, message, leaf.ProviderSignature)) return LeafCheckResult.BadProviderSignature;
        if ((leaf.RequesterPublicKey is null) != (leaf.RequesterSignature is null)) return LeafCheckResult.CountersignatureIncomplete;
        if (leaf.RequesterPublicKey is { } der)
        {
            if (!BridgePublicKey.TryFromDer(der, out var requesterKey) || requesterKey.Principal != leaf.Requester.Owner)
                return LeafCheckResult.RequesterKeyMismatch;
            if (!verifier.Verify(requesterKey, message, leaf.RequesterSignature!)) return LeafCheckResult.BadRequesterSignature;
        }
        return LeafCheckResult.Valid;
    }
}
