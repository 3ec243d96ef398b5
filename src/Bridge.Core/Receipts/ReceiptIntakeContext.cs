using Bridge.Core.Nodes;
using Bridge.Core.Signatures;
using Icp.Candid;

namespace Bridge.Core.Receipts;

/// <summary>What the bridge knows when it decides on a receipt: its network, its nodes, its stored receipts, the clock.</summary>
public sealed record ReceiptIntakeContext
{
    /// <summary>The default <see cref="MaxReceiptAgeNs"/>: 24 h (<c>Intake:MaxReceiptAge</c>).</summary>
    public const ulong DefaultMaxReceiptAgeNs = 24UL * 3600 * 1_000_000_000;

    /// <summary>How far in the future a receipt may end: 5 minutes.</summary>
    public const ulong FutureToleranceNs = 5UL * 60 * 1_000_000_000;

    /// <summary>The bridge's network id.</summary>
    public required string NetworkId { get; init; }

    /// <summary>The registered node with this provider principal, or <c>null</c>.</summary>
    public required Func<Principal, RegisteredNode?> FindNode { get; init; }

    /// <summary>The receipt_hash stored for (provider, receipt_id), or <c>null</c> when none is.</summary>
    public required Func<Principal, string, byte[]?> FindStoredReceiptHash { get; init; }

    /// <summary>Now, in ns since the Unix epoch.</summary>
    public required ulong NowNs { get; init; }

    /// <summary><c>Intake:MaxReceiptAge</c> in ns.</summary>
    public ulong MaxReceiptAgeNs { get; init; } = DefaultMaxReceiptAgeNs;

    /// <summary>The signature implementation.</summary>
    public ISignatureVerifier Verifier { get; init; } = SignatureVerifiers.Default;

    /// <summary>
    /// Where the providers' and requesters' DER keys are decoded: a <see cref="BridgePublicKeyCache"/> the caller keeps
    /// across receipts, or <c>null</c> (the default) to decode each key every time.
    /// </summary>
    public BridgePublicKeyCache? Keys { get; init; }

    /// <summary>The largest body accepted (64 KiB for one receipt).</summary>
    public int MaxBodyBytes { get; init; } = Protocol.ProtocolLimits.MaxBodyBytes;
}
