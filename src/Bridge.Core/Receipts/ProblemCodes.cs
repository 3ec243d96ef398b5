namespace Bridge.Core.Receipts;

/// <summary>The <c>code</c> member of the protocol's problem answers (sections 2 and 3).</summary>
public static class ProblemCodes
{
    /// <summary>413: the body is over the limit.</summary>
    public const string TooLarge = "too_large";
    /// <summary>415: not <c>application/json</c>.</summary>
    public const string UnsupportedMediaType = "unsupported_media_type";
    /// <summary>400: not JSON, a field missing, unknown or of the wrong type, bad hex or principal, a limit broken.</summary>
    public const string Malformed = "malformed";
    /// <summary>422: another network.</summary>
    public const string WrongNetwork = "wrong_network";
    /// <summary>422: no registered node has the provider's principal.</summary>
    public const string UnknownProvider = "unknown_provider";
    /// <summary>422: the provider's signature does not verify.</summary>
    public const string BadProviderSignature = "bad_provider_signature";
    /// <summary>422: the requester key's principal is not the requester (or the key is neither kind).</summary>
    public const string RequesterKeyMismatch = "requester_key_mismatch";
    /// <summary>422: the requester's countersignature does not verify.</summary>
    public const string BadRequesterSignature = "bad_requester_signature";
    /// <summary>409: the provider already has this receipt_id with another receipt_hash.</summary>
    public const string ReceiptConflict = "receipt_conflict";
    /// <summary>422: the requester is the provider or its owner.</summary>
    public const string SelfDealing = "self_dealing";
    /// <summary>422: ended before started, or more GPU seconds than 64 per second of duration.</summary>
    public const string InvalidTimes = "invalid_times";
    /// <summary>422: ended more than 5 minutes in the future.</summary>
    public const string FutureDated = "future_dated";
    /// <summary>422: ended before now − max age.</summary>
    public const string TooOld = "too_old";
    /// <summary>422: a registration whose signature does not verify (or whose key is neither kind).</summary>
    public const string BadSignature = "bad_signature";
    /// <summary>409: the node key is registered with another owner.</summary>
    public const string NodeOwnerConflict = "node_owner_conflict";
}
