namespace Icp.Bls12381;

/// <summary>Variable-time helpers for public data: wNAF multiplication and batch conversion to affine.</summary>
internal readonly partial struct ProjectivePoint<F, C>
{
    /// <summary>Window width of <see cref="MulWnaf"/>: digits are odd and in [-7, 7].</summary>
    private const int WnafWidth = 4;

    /// <summary>
    /// The width-4 non-adjacent form of k, least significant digit first: every non-zero digit is odd and is
    /// followed by at least three zeros, so a 64-bit scalar has about 13 non-zero digits instead of 32 set bits.
    /// Returns the number of digits (at most 65).
    /// </summary>
    internal static int Wnaf(ulong k, Span<sbyte> digits)
    {
        UInt128 v = k; // one digit can carry past bit 63
        int len = 0;
        while (v != 0)
        {
            int d = 0;
            if ((v & 1) != 0)
            {
                d = (int)(v & ((1 << WnafWidth) - 1));
                if (d >= 1 << (WnafWidth - 1))
                {
                    d -= 1 << WnafWidth;
                }
                v = d >= 0 ? v - (UInt128)d : v + (UInt128)(-d);
            }
            digits[len++] = (sbyte)d;
            v >>= 1;
        }
        return len;
    }

    /// <summary>
    /// k·p for a 64-bit scalar with width-4 wNAF: 64 doublings and about 13 additions of precomputed odd
    /// multiples, against about 32 additions for double-and-add. Variable time: only for scalars that need not
    /// stay secret once used, such as the random weights of a batch verification.
    /// </summary>
    internal static ProjectivePoint<F, C> MulWnaf(in ProjectivePoint<F, C> p, ulong k)
    {
        Span<sbyte> digits = stackalloc sbyte[66];
        int len = Wnaf(k, digits);
        // Odd multiples p, 3p, 5p, 7p (locals: a generic struct cannot be stackalloc'ed).
        ProjectivePoint<F, C> p2 = Double(p);
        ProjectivePoint<F, C> p1 = p, p3 = Add(p1, p2), p5 = Add(p3, p2), p7 = Add(p5, p2);
        ProjectivePoint<F, C> acc = Identity;
        for (int i = len - 1; i >= 0; i--)
        {
            acc = Double(acc);
            int d = digits[i];
            if (d != 0)
            {
                ProjectivePoint<F, C> m = Math.Abs(d) switch { 1 => p1, 3 => p3, 5 => p5, _ => p7 };
                acc = Add(acc, d > 0 ? m : Neg(m));
            }
        }
        return acc;
    }

    /// <summary>
    /// Affine coordinates of several points that are all not the identity, with one field inversion for all
    /// of them (Montgomery's trick: invert the product of the Z's, then peel the individual inverses off it).
    /// </summary>
    internal static void BatchToAffine(ReadOnlySpan<ProjectivePoint<F, C>> points, Span<F> x, Span<F> y)
    {
        int n = points.Length;
        // x temporarily holds the prefix products Z0·…·Zi.
        F acc = F.One;
        for (int i = 0; i < n; i++)
        {
            acc = F.Mul(acc, points[i].Z);
            x[i] = acc;
        }
        F inv = F.Invert(acc);
        for (int i = n - 1; i >= 0; i--)
        {
            // inv = 1/(Z0·…·Zi) here.
            F zi = i > 0 ? F.Mul(inv, x[i - 1]) : inv;
            inv = F.Mul(inv, points[i].Z);
            x[i] = F.Mul(points[i].X, zi);
            y[i] = F.Mul(points[i].Y, zi);
        }
    }
}
