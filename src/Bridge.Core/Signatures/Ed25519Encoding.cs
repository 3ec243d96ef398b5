namespace Bridge.Core.Signatures;

/// <summary>RFC 8032's canonical encodings (§5.1.3, §5.1.7), checked on bytes.</summary>
internal static class Ed25519Encoding
{
    // L = 2^252 + 27742317777372353535851937790883648493, little-endian.
    private static ReadOnlySpan<byte> L =>
    [
        0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10,
    ];

    /// <summary>S &lt; L (little-endian 32 bytes).</summary>
    public static bool IsCanonicalScalar(ReadOnlySpan<byte> s)
    {
        for (int i = 31; i >= 0; i--)
        {
            if (s[i] < L[i]) return true;
            if (s[i] > L[i]) return false;
        }
        return false; // S = L
    }

    /// <summary>
    /// y &lt; p = 2^255 − 19, and no sign bit on x = 0. x is 0 only for y = 1 and y = −1 (the identity and the point
    /// of order 2), so those two y values with the sign bit set are the other non-canonical encodings.
    /// </summary>
    public static bool IsCanonicalPoint(ReadOnlySpan<byte> a)
    {
        bool sign = (a[31] & 0x80) != 0;
        // y ≥ p: y's top byte (sign removed) is 0x7f, bytes 1..30 are 0xff, byte 0 ≥ 0xed.
        if ((a[31] & 0x7f) == 0x7f && !a[1..31].ContainsAnyExcept((byte)0xff) && a[0] >= 0xed) return false;
        if (!sign) return true;
        // y = 1: 01 00 … 00 (top byte 0x00 once the sign is removed).
        bool isOne = a[0] == 0x01 && !a[1..31].ContainsAnyExcept((byte)0) && (a[31] & 0x7f) == 0;
        // y = p − 1: ec ff … ff 7f.
        bool isMinusOne = a[0] == 0xec && !a[1..31].ContainsAnyExcept((byte)0xff) && (a[31] & 0x7f) == 0x7f;
        return !isOne && !isMinusOne;
    }

    // The eight points of the torsion subgroup E[8], in their canonical encodings: the identity, (0, −1),
    // (±√−1, 0) and the four points of order 8. Every point of small order is one of them.
    private static readonly byte[][] SmallOrder =
    [
        Convert.FromHexString("0100000000000000000000000000000000000000000000000000000000000000"),
        Convert.FromHexString("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
        Convert.FromHexString("0000000000000000000000000000000000000000000000000000000000000000"),
        Convert.FromHexString("0000000000000000000000000000000000000000000000000000000000000080"),
        Convert.FromHexString("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05"),
        Convert.FromHexString("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85"),
        Convert.FromHexString("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"),
        Convert.FromHexString("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa"),
    ];

    /// <summary>
    /// Whether a canonically encoded point has small order (divides 8). A key of small order verifies signatures
    /// nobody made (with R of small order too, [S]B = R + [k]A holds for S = 0 whatever the message), so such keys
    /// and R values are refused, as libsodium and the IC's own verification do.
    /// </summary>
    public static bool IsSmallOrder(ReadOnlySpan<byte> point)
    {
        foreach (var p in SmallOrder)
            if (point.SequenceEqual(p)) return true;
        return false;
    }
}
