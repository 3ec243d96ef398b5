using System.Numerics;

namespace Icp.Bls12381;

using G1Proj = ProjectivePoint<Fp, G1Curve>;

/// <summary>
/// Constant-time k·P on G1 with the GLV endomorphism φ(x, y) = (β·x, y), which acts on G1 as multiplication by -x²:
/// k = k1 + k2·x² with k1, k2 below 2^128, so k·P = k1·P + k2·(-φ(P)), two half-length scalars walked together in
/// 4-bit windows. 128 doublings and 64 additions instead of 255 of each; every window reads all 16 table entries,
/// so neither the time nor the memory access depends on the scalar.
/// </summary>
internal static class G1Glv
{
    private const int WindowBits = 4;
    private const int TableSize = 1 << WindowBits;
    private static readonly BigInteger XSquared = (BigInteger)Bls12381Params.XAbs * Bls12381Params.XAbs;

    /// <summary>
    /// Splits a scalar k in [0, r) into (k1, k2) with k = k1 + k2·x², each as two little-endian 64-bit limbs
    /// (k1 &lt; x² &lt; 2^128 and k2 ≤ (r - 1)/x² &lt; 2^128). Done once per key.
    /// </summary>
    internal static (ulong[] K1, ulong[] K2) Decompose(BigInteger k)
    {
        if (k.Sign < 0 || k >= Bls12381Params.R)
        {
            throw new ArgumentOutOfRangeException(nameof(k), "A scalar must be in [0, r).");
        }
        BigInteger k2 = BigInteger.DivRem(k, XSquared, out BigInteger k1);
        return (ToLimbs128(k1), ToLimbs128(k2));
    }

    private static ulong[] ToLimbs128(BigInteger v) => [(ulong)(v & ulong.MaxValue), (ulong)(v >> 64)];

    /// <summary>k·P for the split scalar of <see cref="Decompose"/>, in constant time.</summary>
    internal static G1Proj Mul(in G1Proj p, ReadOnlySpan<ulong> k1, ReadOnlySpan<ulong> k2)
    {
        // j·P and j·(-φ(P)) for j in [0, 16); φ is linear, so -φ(j·P) = (β·X, -Y, Z) of j·P.
        Span<Fp> px = stackalloc Fp[TableSize], py = stackalloc Fp[TableSize], pz = stackalloc Fp[TableSize];
        Span<Fp> qx = stackalloc Fp[TableSize], qy = stackalloc Fp[TableSize];
        G1Proj multiple = G1Proj.Identity;
        for (int j = 0; j < TableSize; j++)
        {
            px[j] = multiple.X;
            py[j] = multiple.Y;
            pz[j] = multiple.Z;
            qx[j] = Fp.Mul(multiple.X, G1.Beta);
            qy[j] = Fp.Neg(multiple.Y);
            multiple = G1Proj.Add(multiple, p);
        }
        G1Proj acc = G1Proj.Identity;
        for (int window = 128 / WindowBits - 1; window >= 0; window--)
        {
            for (int d = 0; d < WindowBits; d++)
            {
                acc = G1Proj.Double(acc);
            }
            int shift = window * WindowBits;
            acc = G1Proj.Add(acc, Lookup(px, py, pz, Digit(k1, shift)));
            acc = G1Proj.Add(acc, Lookup(qx, qy, pz, Digit(k2, shift)));
        }
        return acc;
    }

    private static int Digit(ReadOnlySpan<ulong> k, int shift) => (int)((k[shift >> 6] >> (shift & 63)) & (TableSize - 1));

    /// <summary>Entry <paramref name="index"/> of the table, reading every entry (no secret-dependent address).</summary>
    private static G1Proj Lookup(ReadOnlySpan<Fp> x, ReadOnlySpan<Fp> y, ReadOnlySpan<Fp> z, int index)
    {
        Fp rx = Fp.Zero, ry = Fp.One, rz = Fp.Zero;
        for (int j = 0; j < TableSize; j++)
        {
            // (j ^ index) - 1 has its sign bit set exactly when j == index.
            bool hit = (((j ^ index) - 1) >> 31) != 0;
            rx = Fp.Select(rx, x[j], hit);
            ry = Fp.Select(ry, y[j], hit);
            rz = Fp.Select(rz, z[j], hit);
        }
        return new G1Proj(rx, ry, rz);
    }
}
