using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Icp.Bls12381;

/// <summary>
/// An element of the base field Fp of BLS12-381, held in Montgomery form (a·2^384 mod p)
/// as six little-endian 64-bit limbs. Every operation keeps the value fully reduced (&lt; p).
/// </summary>
/// <remarks>
/// p has three spare top bits (p &lt; 2^381), so sums of two elements never overflow 384 bits and the
/// Montgomery product can use the "no-carry" CIOS variant, which skips the extra carry word.
/// </remarks>
internal readonly partial struct Fp : IField<Fp>
{
    // The modulus, least significant limb first.
    internal const ulong P0 = 0xb9feffffffffaaab, P1 = 0x1eabfffeb153ffff, P2 = 0x6730d2a0f6b0f624;
    internal const ulong P3 = 0x64774b84f38512bf, P4 = 0x4b1ba7b6434bacd7, P5 = 0x1a0111ea397fe69a;

    // -p^-1 mod 2^64, the per-round Montgomery factor.
    internal const ulong Inv = 0x89f3fffcfffcfffd;

    internal readonly ulong L0, L1, L2, L3, L4, L5;

    internal Fp(ulong l0, ulong l1, ulong l2, ulong l3, ulong l4, ulong l5)
    {
        L0 = l0; L1 = l1; L2 = l2; L3 = l3; L4 = l4; L5 = l5;
    }

    /// <summary>The modulus p as a BigInteger (for one-off constant computations and tests).</summary>
    internal static readonly BigInteger Modulus = BigInteger.Parse(
        "01a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaab",
        System.Globalization.NumberStyles.HexNumber);

    /// <summary>2^768 mod p: multiplying a canonical value by it converts to Montgomery form.</summary>
    private static readonly Fp R2 = FromMontgomeryLimbsOf(BigInteger.ModPow(2, 768, Modulus));

    public static Fp Zero => default;

    public static readonly Fp OneValue = FromBigInteger(BigInteger.One);

    public static Fp One => OneValue;

    // Exponents for inversion (Fermat), square roots (p = 3 mod 4) and the Legendre symbol.
    private static readonly ulong[] PMinus2 = ToLimbs(Modulus - 2);
    private static readonly ulong[] PPlus1Over4 = ToLimbs((Modulus + 1) / 4);
    private static readonly ulong[] PMinus1Over2 = ToLimbs((Modulus - 1) / 2);

    /// <summary>Builds an element from an integer (reduced mod p first); not for hot paths.</summary>
    internal static Fp FromBigInteger(BigInteger value)
    {
        BigInteger v = ((value % Modulus) + Modulus) % Modulus;
        return FromMontgomeryLimbsOf((v << 384) % Modulus);
    }

    /// <summary>Parses a big-endian hex string (optionally 0x-prefixed) into an element.</summary>
    internal static Fp FromHex(string hex)
    {
        if (hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            hex = hex[2..];
        }
        return FromBigInteger(BigInteger.Parse("0" + hex, System.Globalization.NumberStyles.HexNumber));
    }

    /// <summary>The canonical integer value of this element (slow; for tests and constants).</summary>
    internal BigInteger ToBigInteger()
    {
        Span<byte> be = stackalloc byte[48];
        ToBytesBigEndian(be);
        return new BigInteger(be, isUnsigned: true, isBigEndian: true);
    }

    private static Fp FromMontgomeryLimbsOf(BigInteger m)
    {
        ulong[] l = ToLimbs(m);
        return new Fp(l[0], l[1], l[2], l[3], l[4], l[5]);
    }

    internal static ulong[] ToLimbs(BigInteger v)
    {
        var limbs = new ulong[6];
        for (int i = 0; i < 6; i++)
        {
            limbs[i] = (ulong)(v & ulong.MaxValue);
            v >>= 64;
        }
        return limbs;
    }

    /// <summary>
    /// Reads a 48-byte big-endian integer. Returns false (and zero) when it is not below p, so
    /// that non-canonical encodings can be rejected by the point decoders.
    /// </summary>
    internal static bool TryFromBytesBigEndian(ReadOnlySpan<byte> be48, out Fp result)
    {
        ulong l5 = ReadBe(be48, 0), l4 = ReadBe(be48, 8), l3 = ReadBe(be48, 16);
        ulong l2 = ReadBe(be48, 24), l1 = ReadBe(be48, 32), l0 = ReadBe(be48, 40);
        // value - p borrows exactly when value < p.
        ulong borrow = 0;
        SubBorrow(l0, P0, ref borrow); SubBorrow(l1, P1, ref borrow); SubBorrow(l2, P2, ref borrow);
        SubBorrow(l3, P3, ref borrow); SubBorrow(l4, P4, ref borrow); SubBorrow(l5, P5, ref borrow);
        if (borrow == 0)
        {
            result = default;
            return false;
        }
        result = Mul(new Fp(l0, l1, l2, l3, l4, l5), R2);
        return true;
    }

    /// <summary>Builds an element from canonical little-endian limbs known to be below p.</summary>
    internal static Fp FromCanonicalLimbs(ulong l0, ulong l1, ulong l2, ulong l3, ulong l4, ulong l5)
        => Mul(new Fp(l0, l1, l2, l3, l4, l5), R2);

    /// <summary>Writes the canonical value as 48 big-endian bytes.</summary>
    internal void ToBytesBigEndian(Span<byte> be48)
    {
        Fp c = ToCanonicalLimbs();
        WriteBe(be48, 0, c.L5); WriteBe(be48, 8, c.L4); WriteBe(be48, 16, c.L3);
        WriteBe(be48, 24, c.L2); WriteBe(be48, 32, c.L1); WriteBe(be48, 40, c.L0);
    }

    /// <summary>Leaves Montgomery form: the limbs of the returned struct are the plain value.</summary>
    internal Fp ToCanonicalLimbs() => Mul(this, new Fp(1, 0, 0, 0, 0, 0));

    private static ulong ReadBe(ReadOnlySpan<byte> s, int o) =>
        System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(s.Slice(o, 8));

    private static void WriteBe(Span<byte> s, int o, ulong v) =>
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(s.Slice(o, 8), v);

    public bool IsZeroValue => (L0 | L1 | L2 | L3 | L4 | L5) == 0;

    public static bool IsZero(in Fp a) => a.IsZeroValue;

    public static bool Equal(in Fp a, in Fp b) =>
        ((a.L0 ^ b.L0) | (a.L1 ^ b.L1) | (a.L2 ^ b.L2) | (a.L3 ^ b.L3) | (a.L4 ^ b.L4) | (a.L5 ^ b.L5)) == 0;

    /// <summary>Returns <paramref name="b"/> when <paramref name="choice"/> is set, else <paramref name="a"/>, without a branch.</summary>
    public static Fp Select(in Fp a, in Fp b, bool choice)
    {
        ulong mask = 0UL - (choice ? 1UL : 0UL);
        return new Fp(
            a.L0 ^ (mask & (a.L0 ^ b.L0)), a.L1 ^ (mask & (a.L1 ^ b.L1)), a.L2 ^ (mask & (a.L2 ^ b.L2)),
            a.L3 ^ (mask & (a.L3 ^ b.L3)), a.L4 ^ (mask & (a.L4 ^ b.L4)), a.L5 ^ (mask & (a.L5 ^ b.L5)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong AddCarry(ulong a, ulong b, ref ulong carry)
    {
        ulong s = a + b;
        ulong c1 = s < a ? 1UL : 0UL;
        ulong r = s + carry;
        ulong c2 = r < s ? 1UL : 0UL;
        carry = c1 | c2;
        return r;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong SubBorrow(ulong a, ulong b, ref ulong borrow)
    {
        ulong d = a - b;
        ulong b1 = a < b ? 1UL : 0UL;
        ulong r = d - borrow;
        ulong b2 = d < borrow ? 1UL : 0UL;
        borrow = b1 | b2;
        return r;
    }

    /// <summary>The 128-bit product a·b as (low, high), kept in registers.</summary>
    /// <remarks>
    /// Math.BigMul's low half goes through memory (an 'out' slot), which costs a store and a reload
    /// per limb product; MULX for the high half plus a plain multiply for the low half avoids that.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (ulong Lo, ulong Hi) Mul128(ulong a, ulong b)
    {
        if (Bmi2.X64.IsSupported)
        {
            return (a * b, Bmi2.X64.MultiplyNoFlags(a, b));
        }
        ulong hi = Math.BigMul(a, b, out ulong lo);
        return (lo, hi);
    }

    /// <summary>Returns (low, high) of t + a·b + carry, which never overflows 128 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (ulong Lo, ulong Hi) MulAdd(ulong t, ulong a, ulong b, ulong carry)
    {
        (ulong lo, ulong hi) = Mul128(a, b);
        lo += t;
        hi += lo < t ? 1UL : 0UL;
        lo += carry;
        hi += lo < carry ? 1UL : 0UL;
        return (lo, hi);
    }

    /// <summary>The high word of t + m·p0, whose low word is zero by the choice of m.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong MulCarry(ulong t, ulong m, ulong p0)
    {
        (ulong lo, ulong hi) = Mul128(m, p0);
        return hi + (lo + t < lo ? 1UL : 0UL);
    }

    /// <summary>Subtracts p once if the limbs are at or above p (inputs are below 2p).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Fp Reduce(ulong t0, ulong t1, ulong t2, ulong t3, ulong t4, ulong t5)
    {
        ulong borrow = 0;
        ulong d0 = SubBorrow(t0, P0, ref borrow);
        ulong d1 = SubBorrow(t1, P1, ref borrow);
        ulong d2 = SubBorrow(t2, P2, ref borrow);
        ulong d3 = SubBorrow(t3, P3, ref borrow);
        ulong d4 = SubBorrow(t4, P4, ref borrow);
        ulong d5 = SubBorrow(t5, P5, ref borrow);
        // borrow = 1 means t < p: keep t. The mask keeps this branch-free.
        ulong keep = 0UL - borrow;
        return new Fp(
            d0 ^ (keep & (d0 ^ t0)), d1 ^ (keep & (d1 ^ t1)), d2 ^ (keep & (d2 ^ t2)),
            d3 ^ (keep & (d3 ^ t3)), d4 ^ (keep & (d4 ^ t4)), d5 ^ (keep & (d5 ^ t5)));
    }

    public static Fp Add(in Fp a, in Fp b)
    {
        ulong c = 0;
        ulong t0 = AddCarry(a.L0, b.L0, ref c);
        ulong t1 = AddCarry(a.L1, b.L1, ref c);
        ulong t2 = AddCarry(a.L2, b.L2, ref c);
        ulong t3 = AddCarry(a.L3, b.L3, ref c);
        ulong t4 = AddCarry(a.L4, b.L4, ref c);
        ulong t5 = AddCarry(a.L5, b.L5, ref c);
        return Reduce(t0, t1, t2, t3, t4, t5);
    }

    public static Fp Double(in Fp a) => Add(a, a);

    public static Fp Sub(in Fp a, in Fp b)
    {
        ulong borrow = 0;
        ulong t0 = SubBorrow(a.L0, b.L0, ref borrow);
        ulong t1 = SubBorrow(a.L1, b.L1, ref borrow);
        ulong t2 = SubBorrow(a.L2, b.L2, ref borrow);
        ulong t3 = SubBorrow(a.L3, b.L3, ref borrow);
        ulong t4 = SubBorrow(a.L4, b.L4, ref borrow);
        ulong t5 = SubBorrow(a.L5, b.L5, ref borrow);
        // On borrow add p back; the mask keeps it branch-free.
        ulong mask = 0UL - borrow;
        ulong c = 0;
        t0 = AddCarry(t0, P0 & mask, ref c);
        t1 = AddCarry(t1, P1 & mask, ref c);
        t2 = AddCarry(t2, P2 & mask, ref c);
        t3 = AddCarry(t3, P3 & mask, ref c);
        t4 = AddCarry(t4, P4 & mask, ref c);
        t5 = AddCarry(t5, P5 & mask, ref c);
        return new Fp(t0, t1, t2, t3, t4, t5);
    }

    public static Fp Neg(in Fp a)
    {
        // p - a, then force zero when a is zero so the result stays canonical.
        ulong borrow = 0;
        ulong t0 = SubBorrow(P0, a.L0, ref borrow);
        ulong t1 = SubBorrow(P1, a.L1, ref borrow);
        ulong t2 = SubBorrow(P2, a.L2, ref borrow);
        ulong t3 = SubBorrow(P3, a.L3, ref borrow);
        ulong t4 = SubBorrow(P4, a.L4, ref borrow);
        ulong t5 = SubBorrow(P5, a.L5, ref borrow);
        ulong nz = (a.L0 | a.L1 | a.L2 | a.L3 | a.L4 | a.L5) == 0 ? 0UL : ulong.MaxValue;
        return new Fp(t0 & nz, t1 & nz, t2 & nz, t3 & nz, t4 & nz, t5 & nz);
    }

    /// <summary>Montgomery product a·b·2^-384 mod p (CIOS, fully unrolled, no-carry variant).</summary>
    public static Fp Mul(in Fp a, in Fp b)
    {
        ulong t0, t1, t2, t3, t4, t5, A, C, m, bi;
        // Round 0: t += a * b0; then add m * p and shift one limb down.
        bi = b.L0;
        (t0, A) = MulAdd(0, a.L0, bi, 0);
        m = t0 * Inv;
        C = MulCarry(t0, m, P0);
        (t1, A) = MulAdd(0, a.L1, bi, A);
        (t0, C) = MulAdd(t1, m, P1, C);
        (t2, A) = MulAdd(0, a.L2, bi, A);
        (t1, C) = MulAdd(t2, m, P2, C);
        (t3, A) = MulAdd(0, a.L3, bi, A);
        (t2, C) = MulAdd(t3, m, P3, C);
        (t4, A) = MulAdd(0, a.L4, bi, A);
        (t3, C) = MulAdd(t4, m, P4, C);
        (t5, A) = MulAdd(0, a.L5, bi, A);
        (t4, C) = MulAdd(t5, m, P5, C);
        t5 = C + A;
        // Round 1: t += a * b1; then add m * p and shift one limb down.
        bi = b.L1;
        (t0, A) = MulAdd(t0, a.L0, bi, 0);
        m = t0 * Inv;
        C = MulCarry(t0, m, P0);
        (t1, A) = MulAdd(t1, a.L1, bi, A);
        (t0, C) = MulAdd(t1, m, P1, C);
        (t2, A) = MulAdd(t2, a.L2, bi, A);
        (t1, C) = MulAdd(t2, m, P2, C);
        (t3, A) = MulAdd(t3, a.L3, bi, A);
        (t2, C) = MulAdd(t3, m, P3, C);
        (t4, A) = MulAdd(t4, a.L4, bi, A);
        (t3, C) = MulAdd(t4, m, P4, C);
        (t5, A) = MulAdd(t5, a.L5, bi, A);
        (t4, C) = MulAdd(t5, m, P5, C);
        t5 = C + A;
        // Round 2: t += a * b2; then add m * p and shift one limb down.
        bi = b.L2;
        (t0, A) = MulAdd(t0, a.L0, bi, 0);
        m = t0 * Inv;
        C = MulCarry(t0, m, P0);
        (t1, A) = MulAdd(t1, a.L1, bi, A);
        (t0, C) = MulAdd(t1, m, P1, C);
        (t2, A) = MulAdd(t2, a.L2, bi, A);
        (t1, C) = MulAdd(t2, m, P2, C);
        (t3, A) = MulAdd(t3, a.L3, bi, A);
        (t2, C) = MulAdd(t3, m, P3, C);
        (t4, A) = MulAdd(t4, a.L4, bi, A);
        (t3, C) = MulAdd(t4, m, P4, C);
        (t5, A) = MulAdd(t5, a.L5, bi, A);
        (t4, C) = MulAdd(t5, m, P5, C);
        t5 = C + A;
        // Round 3: t += a * b3; then add m * p and shift one limb down.
        bi = b.L3;
        (t0, A) = MulAdd(t0, a.L0, bi, 0);
        m = t0 * Inv;
        C = MulCarry(t0, m, P0);
        (t1, A) = MulAdd(t1, a.L1, bi, A);
        (t0, C) = MulAdd(t1, m, P1, C);
        (t2, A) = MulAdd(t2, a.L2, bi, A);
        (t1, C) = MulAdd(t2, m, P2, C);
        (t3, A) = MulAdd(t3, a.L3, bi, A);
        (t2, C) = MulAdd(t3, m, P3, C);
        (t4, A) = MulAdd(t4, a.L4, bi, A);
        (t3, C) = MulAdd(t4, m, P4, C);
        (t5, A) = MulAdd(t5, a.L5, bi, A);
        (t4, C) = MulAdd(t5, m, P5, C);
        t5 = C + A;
        // Round 4: t += a * b4; then add m * p and shift one limb down.
        bi = b.L4;
        (t0, A) = MulAdd(t0, a.L0, bi, 0);
        m = t0 * Inv;
        C = MulCarry(t0, m, P0);
        (t1, A) = MulAdd(t1, a.L1, bi, A);
        (t0, C) = MulAdd(t1, m, P1, C);
        (t2, A) = MulAdd(t2, a.L2, bi, A);
        (t1, C) = MulAdd(t2, m, P2, C);
        (t3, A) = MulAdd(t3, a.L3, bi, A);
        (t2, C) = MulAdd(t3, m, P3, C);
        (t4, A) = MulAdd(t4, a.L4, bi, A);
        (t3, C) = MulAdd(t4, m, P4, C);
        (t5, A) = MulAdd(t5, a.L5, bi, A);
        (t4, C) = MulAdd(t5, m, P5, C);
        t5 = C + A;
        // Round 5: t += a * b5; then add m * p and shift one limb down.
        bi = b.L5;
        (t0, A) = MulAdd(t0, a.L0, bi, 0);
        m = t0 * Inv;
        C = MulCarry(t0, m, P0);
        (t1, A) = MulAdd(t1, a.L1, bi, A);
        (t0, C) = MulAdd(t1, m, P1, C);
        (t2, A) = MulAdd(t2, a.L2, bi, A);
        (t1, C) = MulAdd(t2, m, P2, C);
        (t3, A) = MulAdd(t3, a.L3, bi, A);
        (t2, C) = MulAdd(t3, m, P3, C);
        (t4, A) = MulAdd(t4, a.L4, bi, A);
        (t3, C) = MulAdd(t4, m, P4, C);
        (t5, A) = MulAdd(t5, a.L5, bi, A);
        (t4, C) = MulAdd(t5, m, P5, C);
        t5 = C + A;
        return Reduce(t0, t1, t2, t3, t4, t5);
    }

    /// <summary>Multiplies by a small integer via additions (used for curve constants such as 3b = 12).</summary>
    internal static Fp MulSmall(in Fp a, int k)
    {
        Fp acc = Zero;
        Fp d = a;
        while (k != 0)
        {
            if ((k & 1) != 0)
            {
                acc = Add(acc, d);
            }
            d = Add(d, d);
            k >>= 1;
        }
        return acc;
    }

    /// <summary>a^e for a public exponent given as little-endian limbs (variable time in e only).</summary>
    /// <remarks>
    /// Fixed 4-bit windows: 14 products build a^0..a^15, then each nibble costs four squarings and at most one
    /// product, so a 381-bit exponent takes about 95 products instead of about 190 with square-and-multiply.
    /// Inversion, square roots and the Legendre symbol are all such exponentiations.
    /// </remarks>
    internal static Fp Pow(in Fp a, ReadOnlySpan<ulong> e)
    {
        Span<Fp> table = stackalloc Fp[16];
        table[0] = One;
        table[1] = a;
        for (int i = 2; i < 16; i++)
        {
            table[i] = (i & 1) == 0 ? Square(table[i >> 1]) : Mul(table[i - 1], a);
        }
        Fp r = One;
        bool started = false;
        for (int i = e.Length * 16 - 1; i >= 0; i--)
        {
            int nibble = (int)((e[i >> 4] >> ((i & 15) * 4)) & 15);
            if (started)
            {
                r = Square(Square(Square(Square(r))));
            }
            if (nibble != 0)
            {
                r = started ? Mul(r, table[nibble]) : table[nibble];
                started = true;
            }
        }
        return r;
    }

    /// <summary>The simple square-and-multiply exponentiation, kept as the reference for tests of <see cref="Pow"/>.</summary>
    internal static Fp PowBinary(in Fp a, ReadOnlySpan<ulong> e)
    {
        Fp r = One;
        for (int i = e.Length * 64 - 1; i >= 0; i--)
        {
            r = Square(r);
            if (((e[i >> 6] >> (i & 63)) & 1) != 0)
            {
                r = Mul(r, a);
            }
        }
        return r;
    }

    /// <summary>Inverse by Fermat's little theorem; zero maps to zero (RFC 9380's inv0).</summary>
    public static Fp Invert(in Fp a) => Pow(a, PMinus2);

    /// <summary>Square root when one exists (p = 3 mod 4, so a^((p+1)/4) is a root of a square).</summary>
    internal static bool TrySqrt(in Fp a, out Fp root)
    {
        root = Pow(a, PPlus1Over4);
        return Equal(Square(root), a);
    }

    /// <summary>True when a is zero or a quadratic residue (Euler's criterion).</summary>
    internal static bool IsSquare(in Fp a)
    {
        Fp l = Pow(a, PMinus1Over2);
        return l.IsZeroValue || Equal(l, One);
    }

    /// <summary>RFC 9380 sgn0: the parity of the canonical value.</summary>
    internal static bool Sgn0(in Fp a) => (a.ToCanonicalLimbs().L0 & 1) != 0;

    /// <summary>
    /// ZCash "lexicographically largest": the canonical value exceeds (p-1)/2, i.e. it is larger than its negation.
    /// </summary>
    internal static bool IsLexicographicallyLargest(in Fp a)
    {
        Fp c = a.ToCanonicalLimbs();
        // Compare c with (p-1)/2 by computing (p-1)/2 - c and checking the borrow.
        ulong borrow = 0;
        SubBorrow(HalfP[0], c.L0, ref borrow); SubBorrow(HalfP[1], c.L1, ref borrow);
        SubBorrow(HalfP[2], c.L2, ref borrow); SubBorrow(HalfP[3], c.L3, ref borrow);
        SubBorrow(HalfP[4], c.L4, ref borrow); SubBorrow(HalfP[5], c.L5, ref borrow);
        return borrow != 0;
    }

    private static readonly ulong[] HalfP = ToLimbs((Modulus - 1) / 2);

    public static Fp operator +(in Fp a, in Fp b) => Add(a, b);

    public static Fp operator -(in Fp a, in Fp b) => Sub(a, b);

    public static Fp operator *(in Fp a, in Fp b) => Mul(a, b);

    public static Fp operator -(in Fp a) => Neg(a);

    public override string ToString() => "0x" + ToBigInteger().ToString("x96").TrimStart('0').PadLeft(1, '0');
}
