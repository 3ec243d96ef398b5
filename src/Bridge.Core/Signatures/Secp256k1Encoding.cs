namespace Bridge.Core.Signatures;

/// <summary>secp256k1 signature ranges: 0 &lt; r &lt; n and 0 &lt; s ≤ n/2 (the low-S rule), on the 64 bytes r ‖ s.</summary>
internal static class Secp256k1Encoding
{
    private static readonly byte[] NBytes = Convert.FromHexString("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141");
    private static readonly byte[] HalfN = Convert.FromHexString("7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0");

    /// <summary>True when r is in [1, n − 1] and s in [1, n/2].</summary>
    public static bool IsLowSInRange(ReadOnlySpan<byte> signature)
    {
        var r = signature[..32];
        var s = signature[32..64];
        if (!r.ContainsAnyExcept((byte)0) || !s.ContainsAnyExcept((byte)0)) return false;
        return r.SequenceCompareTo(NBytes) < 0 && s.SequenceCompareTo(HalfN) <= 0;
    }
}
