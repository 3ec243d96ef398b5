namespace Bridge.Core.Encoding;

/// <summary>The protocol's domain separators (one length byte, then ASCII) and the signed messages built with them.</summary>
public static class BridgeDomains
{
    /// <summary><c>\x0Ccompute-node</c>: registrations.</summary>
    public static ReadOnlySpan<byte> Node => "\x0Ccompute-node"u8;

    /// <summary><c>\x0Fcompute-receipt</c>: receipts.</summary>
    public static ReadOnlySpan<byte> Receipt => "\x0Fcompute-receipt"u8;

    /// <summary><paramref name="separator"/> ‖ <paramref name="hash"/>: the bytes a key signs.</summary>
    public static byte[] Message(ReadOnlySpan<byte> separator, ReadOnlySpan<byte> hash) => [.. separator, .. hash];
}
