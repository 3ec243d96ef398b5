using Icp.Candid;

namespace Icp.Ledger;

/// <summary>
/// The outcome of a ledger update (transfer, transfer_from, approve): <see cref="Ok"/> with the new block,
/// <see cref="Duplicate"/> when the ledger already executed the same request (a retry: a success, with the original
/// block), or <see cref="Rejected"/> with the ledger's typed error.
/// </summary>
/// <typeparam name="TError">The generated error variant (<see cref="Icrc1.TransferError"/>, <see cref="Icrc2.TransferFromError"/>, <see cref="Icrc2.ApproveError"/>).</typeparam>
public abstract record LedgerOutcome<TError>
    where TError : class
{
    private LedgerOutcome() { }

    /// <summary>True for <see cref="Ok"/> and <see cref="Duplicate"/>: the request is in the ledger.</summary>
    public bool IsSuccess => this is not Rejected;

    /// <summary>The block of the request (new or original), or null when it was rejected.</summary>
    public Nat? BlockIndex => this switch
    {
        Ok ok => ok.Block,
        Duplicate d => d.OriginalBlock,
        _ => null,
    };

    /// <summary>The ledger's error, or null on success.</summary>
    public TError? Error => (this as Rejected)?.Value;

    /// <summary>Executed now, in block <paramref name="Block"/>.</summary>
    /// <param name="Block">The block index.</param>
    public sealed record Ok(Nat Block) : LedgerOutcome<TError>;

    /// <summary>The same request was executed before, in block <paramref name="OriginalBlock"/> (the ledger's <c>Duplicate { duplicate_of }</c>).</summary>
    /// <param name="OriginalBlock">The block of the first execution.</param>
    public sealed record Duplicate(Nat OriginalBlock) : LedgerOutcome<TError>;

    /// <summary>Rejected by the ledger with <paramref name="Value"/> (never <c>Duplicate</c>).</summary>
    /// <param name="Value">The ledger's error.</param>
    public sealed record Rejected(TError Value) : LedgerOutcome<TError>;

    /// <summary>The block index of a success.</summary>
    /// <exception cref="LedgerRejectedException">The request was rejected.</exception>
    public Nat EnsureSuccess() => BlockIndex ?? throw new LedgerRejectedException(Error!);
}

/// <summary>A ledger rejected a request (from <see cref="LedgerOutcome{TError}.EnsureSuccess"/>).</summary>
public sealed class LedgerRejectedException : Exception
{
    /// <summary>A rejection with the ledger's typed error.</summary>
    /// <param name="error">The generated error variant.</param>
    public LedgerRejectedException(object error)
        : base($"the ledger rejected the request: {error}")
    {
        Error = error;
    }

    /// <summary>The ledger's error (a generated variant such as <see cref="Icrc1.TransferError"/>).</summary>
    public object Error { get; }
}
