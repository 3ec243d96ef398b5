namespace Bridge.Core.Protocol;

/// <summary>The protocol's domain separators (one length byte, then ASCII) and the signed messages built with them.</summary>
public static class BridgeDomains
{
    /// <summary><c>\x0Ccompute-node</c>: registrations.</summary>
    public static ReadOnlySpan<byte> Node => "\u000Ccompute-node"u8; // \u, not \x: C#'s \x would also eat the "c"

    /// <summary><c>\x0Fcompute-receipt</c>: receipts.</summary>
    public static ReadOnlySpan<byte> Receipt => "\u000Fcompute-receipt"u8;

    /// <summary><paramref name="separator"/> ‖ <paramref name="hash"/>: the bytes a key signs.</summary>
    public static byte[] Message(ReadOnlySpan<byte> separator, ReadOnlySpan<byte> hash) => [.. separator, .. hash];
}
