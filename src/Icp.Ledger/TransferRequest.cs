using Icp.Candid;

namespace Icp.Ledger;

/// <summary>
/// An ICRC-1 transfer with the deduplication fields set by the caller: <see cref="CreatedAt"/> and <see cref="Memo"/>
/// are fixed when the request is made, so every retry of the same request is byte-identical and a ledger that
/// already executed it answers <c>Duplicate</c> (a success, see <see cref="LedgerOutcome{TError}.Duplicate"/>)
/// instead of transferring twice. Keep the request (or its fields) until the outcome is known; ledgers deduplicate
/// within a window (24 hours on the reference ledger).
/// </summary>
public sealed record TransferRequest
{
    /// <summary>The receiving account.</summary>
    public required Account To { get; init; }

    /// <summary>The amount in base units.</summary>
    public required Nat Amount { get; init; }

    /// <summary>When the request was made: the ledger's <c>created_at_time</c>. Set it once, not per attempt.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The memo (at most 32 bytes on most ledgers); part of the deduplication key. Null for none.</summary>
    public byte[]? Memo { get; init; }

    /// <summary>The sending subaccount (of the caller); null for the default one.</summary>
    public byte[]? FromSubaccount { get; init; }

    /// <summary>The fee the caller expects to pay; null lets the ledger charge its current fee.</summary>
    public Nat? Fee { get; init; }

    /// <summary><see cref="CreatedAt"/> in nanoseconds since the Unix epoch, as sent.</summary>
    public ulong CreatedAtTimeNanos => IcTime.ToNanoseconds(CreatedAt);

    /// <summary>The generated argument record, as sent on every attempt.</summary>
    public Icrc1.TransferArgs ToArgs() => new()
    {
        To = To,
        Amount = Amount,
        CreatedAtTime = CreatedAtTimeNanos,
        Memo = Memo,
        FromSubaccount = FromSubaccount,
        Fee = Fee,
    };
}

/// <summary>An ICRC-2 <c>transfer_from</c> with caller-set deduplication fields (see <see cref="TransferRequest"/>).</summary>
public sealed record TransferFromRequest
{
    /// <summary>The account debited (it approved the caller).</summary>
    public required Account From { get; init; }

    /// <summary>The receiving account.</summary>
    public required Account To { get; init; }

    /// <summary>The amount in base units.</summary>
    public required Nat Amount { get; init; }

    /// <summary>When the request was made: the ledger's <c>created_at_time</c>.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The memo; part of the deduplication key. Null for none.</summary>
    public byte[]? Memo { get; init; }

    /// <summary>The spender's (caller's) subaccount the approval was given to; null for the default one.</summary>
    public byte[]? SpenderSubaccount { get; init; }

    /// <summary>The fee the caller expects to pay; null lets the ledger charge its current fee.</summary>
    public Nat? Fee { get; init; }

    /// <summary>The generated argument record, as sent on every attempt.</summary>
    public Icrc2.TransferFromArgs ToArgs() => new()
    {
        From = From,
        To = To,
        Amount = Amount,
        CreatedAtTime = IcTime.ToNanoseconds(CreatedAt),
        Memo = Memo,
        SpenderSubaccount = SpenderSubaccount,
        Fee = Fee,
    };
}
