using Icp.Candid;

namespace Bridge.Core.Receipts;

/// <summary>
/// A receipt as <c>POST /v1/receipts</c> carries it (protocol section 3), parsed and within its limits.
/// Byte arrays are owned by the receipt; treat them as read-only.
/// </summary>
public sealed record Receipt
{
    /// <summary>The network the receipt is for (1–64 bytes of UTF-8).</summary>
    public required string NetworkId { get; init; }
    /// <summary>The provider's id of the receipt (1–128 bytes).</summary>
    public required string ReceiptId { get; init; }
    /// <summary>The task (1–128 bytes).</summary>
    public required string TaskId { get; init; }
    /// <summary>The node's principal (its key's self-authenticating principal).</summary>
    public required Principal Provider { get; init; }
    /// <summary>The requester's principal.</summary>
    public required Principal Requester { get; init; }
    /// <summary>The requester's subaccount (32 bytes, kept as given), or <c>null</c>.</summary>
    public byte[]? RequesterSubaccount { get; init; }
    /// <summary>The workload (1–256 bytes).</summary>
    public required string Workload { get; init; }
    /// <summary>The GPU model (1–128 bytes).</summary>
    public required string GpuModel { get; init; }
    /// <summary>GPU seconds used.</summary>
    public required ulong GpuSeconds { get; init; }
    /// <summary>Start, ns since the Unix epoch.</summary>
    public required ulong StartedAtNs { get; init; }
    /// <summary>End, ns since the Unix epoch.</summary>
    public required ulong EndedAtNs { get; init; }
    /// <summary>The ledger canister of the fee's token.</summary>
    public required Principal FeeToken { get; init; }
    /// <summary>The marketplace fee in the token's smallest unit (below 2^128).</summary>
    public required UInt128 FeeAmount { get; init; }
    /// <summary>The index of the block that paid the fee, or <c>null</c>.</summary>
    public ulong? FeeBlock { get; init; }
    /// <summary>The result's hash (32 bytes).</summary>
    public required byte[] ResultHash { get; init; }
    /// <summary>The provider's signature over <c>\x0Fcompute-receipt ‖ receipt_hash</c>.</summary>
    public required byte[] ProviderSignature { get; init; }
    /// <summary>The requester's DER public key, or <c>null</c> (then <see cref="RequesterSignature"/> is null too).</summary>
    public byte[]? RequesterPublicKey { get; init; }
    /// <summary>The requester's countersignature, or <c>null</c>.</summary>
    public byte[]? RequesterSignature { get; init; }

    /// <summary>True when the requester countersigned (key and signature present).</summary>
    public bool IsCountersigned => RequesterPublicKey is not null && RequesterSignature is not null;
}
