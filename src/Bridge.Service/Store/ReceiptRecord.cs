using System.Numerics;

namespace Bridge.Service.Store;

/// <summary>A stored receipt: every field exactly as hashed and signed, its signatures, its receipt_hash and acknowledgement.</summary>
public sealed record ReceiptRecord
{
    /// <summary>The store's row id (0 before it is stored).</summary>
    public long Id { get; init; }

    /// <summary>The network id.</summary>
    public required string NetworkId { get; init; }

    /// <summary>The provider's receipt id.</summary>
    public required string ReceiptId { get; init; }

    /// <summary>The task id.</summary>
    public required string TaskId { get; init; }

    /// <summary>The provider (principal bytes).</summary>
    public required byte[] Provider { get; init; }

    /// <summary>The requester (principal bytes).</summary>
    public required byte[] Requester { get; init; }

    /// <summary>The requester's subaccount as given (32 bytes), or null.</summary>
    public byte[]? RequesterSubaccount { get; init; }

    /// <summary>The workload.</summary>
    public required string Workload { get; init; }

    /// <summary>The GPU model.</summary>
    public required string GpuModel { get; init; }

    /// <summary>GPU seconds.</summary>
    public required ulong GpuSeconds { get; init; }

    /// <summary>Start of the task (ns).</summary>
    public required ulong StartedAtNs { get; init; }

    /// <summary>End of the task (ns).</summary>
    public required ulong EndedAtNs { get; init; }

    /// <summary>The fee token's ledger (principal bytes).</summary>
    public required byte[] FeeToken { get; init; }

    /// <summary>The marketplace fee paid.</summary>
    public required BigInteger FeeAmount { get; init; }

    /// <summary>The ledger block that paid the fee, or null.</summary>
    public ulong? FeeBlock { get; init; }

    /// <summary>The 32-byte result hash.</summary>
    public required byte[] ResultHash { get; init; }

    /// <summary>The provider's signature.</summary>
    public required byte[] ProviderSignature { get; init; }

    /// <summary>The requester's DER public key, or null.</summary>
    public byte[]? RequesterPublicKey { get; init; }

    /// <summary>The requester's countersignature, or null.</summary>
    public byte[]? RequesterSignature { get; init; }

    /// <summary>The representation-independent hash both parties signed.</summary>
    public required byte[] ReceiptHash { get; init; }

    /// <summary>When the bridge acknowledged the receipt (ns).</summary>
    public ulong AckedNs { get; init; }

    /// <summary>The batch that holds the receipt, once batched.</summary>
    public long? Batch { get; init; }

    /// <summary>The receipt's leaf index in its batch, once batched.</summary>
    public long? LeafIndex { get; init; }
}
