namespace Bridge.Core.Leaves;

/// <summary>What checking a leaf alone found (<see cref="ReceiptLeafCheck"/>); the first failure, in this order.</summary>
public enum LeafCheckResult
{
    /// <summary>receipt_hash, both signatures and both keys' principals check out.</summary>
    Valid,
    /// <summary>A value is outside the receipt's ranges (fee_amount ≥ 2^128, fee_block ≥ 2^64).</summary>
    OutOfRange,
    /// <summary>receipt_hash is not the hash of the leaf's fields.</summary>
    ReceiptHashMismatch,
    /// <summary>provider_public_key is neither kind, or its principal is not provider.</summary>
    ProviderKeyMismatch,
    /// <summary>provider_signature does not verify.</summary>
    BadProviderSignature,
    /// <summary>requester_public_key and requester_signature are not both present or both null.</summary>
    CountersignatureIncomplete,
    /// <summary>requester_public_key is neither kind, or its principal is not requester.owner.</summary>
    RequesterKeyMismatch,
    /// <summary>requester_signature does not verify.</summary>
    BadRequesterSignature,
}
