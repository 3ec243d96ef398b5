namespace Bridge.Service.Http;

/// <summary>The <c>code</c> member of the bridge's problem details (BRIDGE-PROTOCOL.md sections 2 and 3).</summary>
public static class ProblemCodes
{
#pragma warning disable CS1591 // each constant is the code it names
    public const string TooLarge = "too_large";
    public const string UnsupportedMediaType = "unsupported_media_type";
    public const string Malformed = "malformed";
    public const string WrongNetwork = "wrong_network";
    public const string UnknownProvider = "unknown_provider";
    public const string BadProviderSignature = "bad_provider_signature";
    public const string RequesterKeyMismatch = "requester_key_mismatch";
    public const string BadRequesterSignature = "bad_requester_signature";
    public const string ReceiptConflict = "receipt_conflict";
    public const string SelfDealing = "self_dealing";
    public const string InvalidTimes = "invalid_times";
    public const string FutureDated = "future_dated";
    public const string TooOld = "too_old";
    public const string Overloaded = "overloaded";
    public const string Unavailable = "unavailable";
    public const string BadSignature = "bad_signature";
    public const string NodeOwnerConflict = "node_owner_conflict";
    public const string NotFound = "not_found";
    public const string MethodNotAllowed = "method_not_allowed";
    public const string Internal = "internal";
#pragma warning restore CS1591
}
