using Icp.Candid;

namespace Icp.Replica.Management;

// Candid types of the few methods of the NNS system canisters that the icp CLI calls to create a canister on a
// network it does not manage: the cycles ledger's create_canister, the CMC's get_default_subnets and the
// registry's get_subnet_for_canister. Only the variant cases the replica produces are declared (a subtype of the
// real result types, which clients accept).

internal sealed record LedgerCreateCanisterArgs
{
    public byte[]? FromSubaccount { get; init; }
    public ulong? CreatedAtTime { get; init; }
    public required Nat Amount { get; init; }
    public LedgerCreationArgs? CreationArgs { get; init; }
}

internal sealed record LedgerCreationArgs
{
    public CanisterSettings? Settings { get; init; }
}

internal sealed record LedgerCreateCanisterSuccess
{
    public required Nat BlockId { get; init; }
    public required Principal CanisterId { get; init; }
}

internal sealed record LedgerGenericError
{
    public required string Message { get; init; }
    public required Nat ErrorCode { get; init; }
}

[CandidVariant]
internal abstract record LedgerCreateCanisterError
{
    [CandidName("GenericError")] public sealed record GenericError(LedgerGenericError Value) : LedgerCreateCanisterError;
}

[CandidVariant]
internal abstract record LedgerCreateCanisterResult
{
    [CandidName("Ok")] public sealed record Ok(LedgerCreateCanisterSuccess Value) : LedgerCreateCanisterResult;
    [CandidName("Err")] public sealed record Err(LedgerCreateCanisterError Value) : LedgerCreateCanisterResult;
}

internal sealed record SubnetForCanisterRequest
{
    public Principal? Principal { get; init; }
}

internal sealed record SubnetForCanister
{
    public Principal? SubnetId { get; init; }
}

[CandidVariant]
internal abstract record SubnetForCanisterResult
{
    [CandidName("Ok")] public sealed record Ok(SubnetForCanister Value) : SubnetForCanisterResult;
    [CandidName("Err")] public sealed record Err(string Value) : SubnetForCanisterResult;
}
