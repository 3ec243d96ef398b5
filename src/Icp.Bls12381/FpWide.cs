using System.Runtime.CompilerServices;

namespace Icp.Bls12381;

/// <summary>
/// An unreduced double-width (768-bit) value, the product of two field elements before Montgomery
/// reduction. Keeping products wide lets Fp2 multiplication combine them first and reduce twice
/// instead of three times ("lazy reduction").
/// </summary>
internal readonly partial struct FpWide
{
    internal readonly ulong W0, W1, W2, W3, W4, W5, W6, W7, W8, W9, W10, W11;

    internal FpWide(ulong w0, ulong w1, ulong w2, ulong w3, ulong w4, ulong w5,
                    ulong w6, ulong w7, ulong w8, ulong w9, ulong w10, ulong w11)
    {
        W0 = w0; W1 = w1; W2 = w2; W3 = w3; W4 = w4; W5 = w5;
        W6 = w6; W7 = w7; W8 = w8; W9 = w9; W10 = w10; W11 = w11;
    }

    /// <summary>
    /// a - b, plus p·2^384 when that would be negative, so the result stays a non-negative value
    /// below p·2^384 (the input range of <see cref="Fp.Redc"/>) whenever |a - b| &lt; p·2^384.
    /// </summary>
    internal static FpWide Sub(in FpWide a, in FpWide b)
    {
        ulong br = 0;
        ulong r0 = Fp.SubBorrow(a.W0, b.W0, ref br), r1 = Fp.SubBorrow(a.W1, b.W1, ref br);
        ulong r2 = Fp.SubBorrow(a.W2, b.W2, ref br), r3 = Fp.SubBorrow(a.W3, b.W3, ref br);
        ulong r4 = Fp.SubBorrow(a.W4, b.W4, ref br), r5 = Fp.SubBorrow(a.W5, b.W5, ref br);
        ulong r6 = Fp.SubBorrow(a.W6, b.W6, ref br), r7 = Fp.SubBorrow(a.W7, b.W7, ref br);
        ulong r8 = Fp.SubBorrow(a.W8, b.W8, ref br), r9 = Fp.SubBorrow(a.W9, b.W9, ref br);
        ulong r10 = Fp.SubBorrow(a.W10, b.W10, ref br), r11 = Fp.SubBorrow(a.W11, b.W11, ref br);
        ulong mask = 0UL - br;
        ulong c = 0;
        r6 = Fp.AddCarry(r6, Fp.P0 & mask, ref c); r7 = Fp.AddCarry(r7, Fp.P1 & mask, ref c);
        r8 = Fp.AddCarry(r8, Fp.P2 & mask, ref c); r9 = Fp.AddCarry(r9, Fp.P3 & mask, ref c);
        r10 = Fp.AddCarry(r10, Fp.P4 & mask, ref c); r11 = Fp.AddCarry(r11, Fp.P5 & mask, ref c);
        return new FpWide(r0, r1, r2, r3, r4, r5, r6, r7, r8, r9, r10, r11);
    }
}

internal readonly partial struct FpWide
{
    /// <summary>a - b for a ≥ b (the caller knows the difference is not negative): no correction step.</summary>
    internal static FpWide SubNoUnderflow(in FpWide a, in FpWide b)
    {
        ulong br = 0;
        ulong r0 = Fp.SubBorrow(a.W0, b.W0, ref br), r1 = Fp.SubBorrow(a.W1, b.W1, ref br);
        ulong r2 = Fp.SubBorrow(a.W2, b.W2, ref br), r3 = Fp.SubBorrow(a.W3, b.W3, ref br);
        ulong r4 = Fp.SubBorrow(a.W4, b.W4, ref br), r5 = Fp.SubBorrow(a.W5, b.W5, ref br);
        ulong r6 = Fp.SubBorrow(a.W6, b.W6, ref br), r7 = Fp.SubBorrow(a.W7, b.W7, ref br);
        ulong r8 = Fp.SubBorrow(a.W8, b.W8, ref br), r9 = Fp.SubBorrow(a.W9, b.W9, ref br);
        ulong r10 = Fp.SubBorrow(a.W10, b.W10, ref br), r11 = Fp.SubBorrow(a.W11, b.W11, ref br);
        return new FpWide(r0, r1, r2, r3, r4, r5, r6, r7, r8, r9, r10, r11);
    }
}

/// <summary>Double-width multiplication, squaring and Montgomery reduction (separated operand scanning).</summary>
internal readonly partial struct Fp
{
    /// <summary>a + b without the final subtraction of p: the result is below 2p, which still fits six limbs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Fp AddNoReduce(in Fp a, in Fp b)
    {
        ulong c = 0;
        ulong t0 = AddCarry(a.L0, b.L0, ref c);
        ulong t1 = AddCarry(a.L1, b.L1, ref c);
        ulong t2 = AddCarry(a.L2, b.L2, ref c);
        ulong t3 = AddCarry(a.L3, b.L3, ref c);
        ulong t4 = AddCarry(a.L4, b.L4, ref c);
        ulong t5 = AddCarry(a.L5, b.L5, ref c);
        return new Fp(t0, t1, t2, t3, t4, t5);
    }

    /// <summary>a - b + p for reduced inputs: a value in (0, 2p), congruent to a - b, without a conditional step.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Fp SubPlusP(in Fp a, in Fp b)
    {
        ulong c = 0;
        ulong t0 = AddCarry(a.L0, P0, ref c);
        ulong t1 = AddCarry(a.L1, P1, ref c);
        ulong t2 = AddCarry(a.L2, P2, ref c);
        ulong t3 = AddCarry(a.L3, P3, ref c);
        ulong t4 = AddCarry(a.L4, P4, ref c);
        ulong t5 = AddCarry(a.L5, P5, ref c);
        ulong br = 0;
        t0 = SubBorrow(t0, b.L0, ref br);
        t1 = SubBorrow(t1, b.L1, ref br);
        t2 = SubBorrow(t2, b.L2, ref br);
        t3 = SubBorrow(t3, b.L3, ref br);
        t4 = SubBorrow(t4, b.L4, ref br);
        t5 = SubBorrow(t5, b.L5, ref br);
        return new Fp(t0, t1, t2, t3, t4, t5);
    }

    /// <summary>The full 768-bit product a·b (inputs may be unreduced, below 2p).</summary>
    internal static FpWide MulWide(in Fp a, in Fp b)
    {
        ulong a0 = a.L0, a1 = a.L1, a2 = a.L2, a3 = a.L3, a4 = a.L4, a5 = a.L5;
        ulong r0, r1, r2, r3, r4, r5, r6, r7, r8, r9, r10, r11, c, bi;
        bi = b.L0;
        (r0, c) = MulAdd(0, a0, bi, 0);
        (r1, c) = MulAdd(0, a1, bi, c);
        (r2, c) = MulAdd(0, a2, bi, c);
        (r3, c) = MulAdd(0, a3, bi, c);
        (r4, c) = MulAdd(0, a4, bi, c);
        (r5, c) = MulAdd(0, a5, bi, c);
        r6 = c;
        bi = b.L1;
        (r1, c) = MulAdd(r1, a0, bi, 0);
        (r2, c) = MulAdd(r2, a1, bi, c);
        (r3, c) = MulAdd(r3, a2, bi, c);
        (r4, c) = MulAdd(r4, a3, bi, c);
        (r5, c) = MulAdd(r5, a4, bi, c);
        (r6, c) = MulAdd(r6, a5, bi, c);
        r7 = c;
        bi = b.L2;
        (r2, c) = MulAdd(r2, a0, bi, 0);
        (r3, c) = MulAdd(r3, a1, bi, c);
        (r4, c) = MulAdd(r4, a2, bi, c);
        (r5, c) = MulAdd(r5, a3, bi, c);
        (r6, c) = MulAdd(r6, a4, bi, c);
        (r7, c) = MulAdd(r7, a5, bi, c);
        r8 = c;
        bi = b.L3;
        (r3, c) = MulAdd(r3, a0, bi, 0);
        (r4, c) = MulAdd(r4, a1, bi, c);
        (r5, c) = MulAdd(r5, a2, bi, c);
        (r6, c) = MulAdd(r6, a3, bi, c);
        (r7, c) = MulAdd(r7, a4, bi, c);
        (r8, c) = MulAdd(r8, a5, bi, c);
        r9 = c;
        bi = b.L4;
        (r4, c) = MulAdd(r4, a0, bi, 0);
        (r5, c) = MulAdd(r5, a1, bi, c);
        (r6, c) = MulAdd(r6, a2, bi, c);
        (r7, c) = MulAdd(r7, a3, bi, c);
        (r8, c) = MulAdd(r8, a4, bi, c);
        (r9, c) = MulAdd(r9, a5, bi, c);
        r10 = c;
        bi = b.L5;
        (r5, c) = MulAdd(r5, a0, bi, 0);
        (r6, c) = MulAdd(r6, a1, bi, c);
        (r7, c) = MulAdd(r7, a2, bi, c);
        (r8, c) = MulAdd(r8, a3, bi, c);
        (r9, c) = MulAdd(r9, a4, bi, c);
        (r10, c) = MulAdd(r10, a5, bi, c);
        r11 = c;
        return new FpWide(r0, r1, r2, r3, r4, r5, r6, r7, r8, r9, r10, r11);
    }

    /// <summary>
    /// Montgomery reduction t·2^-384 mod p for t &lt; p·2^384; one row per limb, carries chained upward.
    /// </summary>
    internal static Fp Redc(in FpWide t)
    {
        ulong r0 = t.W0, r1 = t.W1, r2 = t.W2, r3 = t.W3, r4 = t.W4, r5 = t.W5;
        ulong r6 = t.W6, r7 = t.W7, r8 = t.W8, r9 = t.W9, r10 = t.W10, r11 = t.W11;
        ulong m, c, c2 = 0, dummy;
        m = r0 * Inv;
        c = MulCarry(r0, m, P0);
        (r1, c) = MulAdd(r1, m, P1, c);
        (r2, c) = MulAdd(r2, m, P2, c);
        (r3, c) = MulAdd(r3, m, P3, c);
        (r4, c) = MulAdd(r4, m, P4, c);
        (r5, c) = MulAdd(r5, m, P5, c);
        dummy = c2; c2 = 0;
        r6 = AddCarry(r6, c, ref dummy);
        c2 = dummy;
        m = r1 * Inv;
        c = MulCarry(r1, m, P0);
        (r2, c) = MulAdd(r2, m, P1, c);
        (r3, c) = MulAdd(r3, m, P2, c);
        (r4, c) = MulAdd(r4, m, P3, c);
        (r5, c) = MulAdd(r5, m, P4, c);
        (r6, c) = MulAdd(r6, m, P5, c);
        dummy = c2; c2 = 0;
        r7 = AddCarry(r7, c, ref dummy);
        c2 = dummy;
        m = r2 * Inv;
        c = MulCarry(r2, m, P0);
        (r3, c) = MulAdd(r3, m, P1, c);
        (r4, c) = MulAdd(r4, m, P2, c);
        (r5, c) = MulAdd(r5, m, P3, c);
        (r6, c) = MulAdd(r6, m, P4, c);
        (r7, c) = MulAdd(r7, m, P5, c);
        dummy = c2; c2 = 0;
        r8 = AddCarry(r8, c, ref dummy);
        c2 = dummy;
        m = r3 * Inv;
        c = MulCarry(r3, m, P0);
        (r4, c) = MulAdd(r4, m, P1, c);
        (r5, c) = MulAdd(r5, m, P2, c);
        (r6, c) = MulAdd(r6, m, P3, c);
        (r7, c) = MulAdd(r7, m, P4, c);
        (r8, c) = MulAdd(r8, m, P5, c);
        dummy = c2; c2 = 0;
        r9 = AddCarry(r9, c, ref dummy);
        c2 = dummy;
        m = r4 * Inv;
        c = MulCarry(r4, m, P0);
        (r5, c) = MulAdd(r5, m, P1, c);
        (r6, c) = MulAdd(r6, m, P2, c);
        (r7, c) = MulAdd(r7, m, P3, c);
        (r8, c) = MulAdd(r8, m, P4, c);
        (r9, c) = MulAdd(r9, m, P5, c);
        dummy = c2; c2 = 0;
        r10 = AddCarry(r10, c, ref dummy);
        c2 = dummy;
        m = r5 * Inv;
        c = MulCarry(r5, m, P0);
        (r6, c) = MulAdd(r6, m, P1, c);
        (r7, c) = MulAdd(r7, m, P2, c);
        (r8, c) = MulAdd(r8, m, P3, c);
        (r9, c) = MulAdd(r9, m, P4, c);
        (r10, c) = MulAdd(r10, m, P5, c);
        dummy = c2; c2 = 0;
        r11 = AddCarry(r11, c, ref dummy);
        c2 = dummy;
        return Reduce(r6, r7, r8, r9, r10, r11);
    }

    /// <summary>
    /// Squaring: the 15 off-diagonal limb products are computed once and doubled, which with the 6 squares
    /// gives 21 products instead of 36 before the reduction. Exponentiations are mostly squarings.
    /// </summary>
    public static Fp Square(in Fp a)
    {
        ulong a0 = a.L0, a1 = a.L1, a2 = a.L2, a3 = a.L3, a4 = a.L4, a5 = a.L5;
        ulong r1, r2, r3, r4, r5, r6, r7, r8, r9, r10, r11, c;
        // Off-diagonal products a_i·a_j (i < j), row by row.
        (r1, c) = MulAdd(0, a0, a1, 0);
        (r2, c) = MulAdd(0, a0, a2, c);
        (r3, c) = MulAdd(0, a0, a3, c);
        (r4, c) = MulAdd(0, a0, a4, c);
        (r5, c) = MulAdd(0, a0, a5, c);
        r6 = c;
        (r3, c) = MulAdd(r3, a1, a2, 0);
        (r4, c) = MulAdd(r4, a1, a3, c);
        (r5, c) = MulAdd(r5, a1, a4, c);
        (r6, c) = MulAdd(r6, a1, a5, c);
        r7 = c;
        (r5, c) = MulAdd(r5, a2, a3, 0);
        (r6, c) = MulAdd(r6, a2, a4, c);
        (r7, c) = MulAdd(r7, a2, a5, c);
        r8 = c;
        (r7, c) = MulAdd(r7, a3, a4, 0);
        (r8, c) = MulAdd(r8, a3, a5, c);
        r9 = c;
        (r9, c) = MulAdd(r9, a4, a5, 0);
        r10 = c;
        // Double them: shift the 11-limb value left by one bit.
        r11 = r10 >> 63;
        r10 = (r10 << 1) | (r9 >> 63);
        r9 = (r9 << 1) | (r8 >> 63);
        r8 = (r8 << 1) | (r7 >> 63);
        r7 = (r7 << 1) | (r6 >> 63);
        r6 = (r6 << 1) | (r5 >> 63);
        r5 = (r5 << 1) | (r4 >> 63);
        r4 = (r4 << 1) | (r3 >> 63);
        r3 = (r3 << 1) | (r2 >> 63);
        r2 = (r2 << 1) | (r1 >> 63);
        r1 <<= 1;
        // Add the squares a_i^2 on the diagonal.
        ulong lo, hi, k0;
        (k0, hi) = Mul128(a0, a0);
        c = 0;
        r1 = AddCarry(r1, hi, ref c);
        (lo, hi) = Mul128(a1, a1);
        r2 = AddCarry(r2, lo, ref c);
        r3 = AddCarry(r3, hi, ref c);
        (lo, hi) = Mul128(a2, a2);
        r4 = AddCarry(r4, lo, ref c);
        r5 = AddCarry(r5, hi, ref c);
        (lo, hi) = Mul128(a3, a3);
        r6 = AddCarry(r6, lo, ref c);
        r7 = AddCarry(r7, hi, ref c);
        (lo, hi) = Mul128(a4, a4);
        r8 = AddCarry(r8, lo, ref c);
        r9 = AddCarry(r9, hi, ref c);
        (lo, hi) = Mul128(a5, a5);
        r10 = AddCarry(r10, lo, ref c);
        r11 = AddCarry(r11, hi, ref c);
        return Redc(new FpWide(k0, r1, r2, r3, r4, r5, r6, r7, r8, r9, r10, r11));
    }
}
