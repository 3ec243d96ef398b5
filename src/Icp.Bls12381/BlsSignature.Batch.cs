using System.Buffers;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Icp.Bls12381;

using G1Proj = ProjectivePoint<Fp, G1Curve>;

public static partial class BlsSignature
{
    /// <summary>
    /// Verifies several signatures with one multi-pairing: it checks
    /// e(Σ rᵢ·sigᵢ, −g2) · Πᵢ e(rᵢ·H(mᵢ), pkᵢ) = 1 with fresh random 64-bit weights rᵢ, so n signatures cost
    /// one Miller loop over n + 1 pairs and a single final exponentiation instead of n of each.
    /// True means every item verifies (except with probability at most 2^-64 per call); false means at least
    /// one does not, or an input is malformed, exactly as <see cref="Verify(ReadOnlySpan{byte}, ReadOnlySpan{byte}, ReadOnlySpan{byte})"/>
    /// would reject it (length, flags, non-canonical coordinates, off the curve, outside the subgroup, identity).
    /// It does not say which item failed: fall back to <c>Verify</c> per item for that. An empty batch is true.
    /// </summary>
    /// <remarks>
    /// The random weights are what makes this sound. With all rᵢ = 1 the check only says that the product of
    /// the n pairing equations holds, and errors can cancel across items: two signatures under one key on two
    /// messages, swapped between the items, pass (sig₁ + sig₂ is the same sum), and so does sig₁ + Δ with sig₂ − Δ
    /// for any Δ. With secret random weights chosen after the inputs are fixed, a forger would have to make
    /// Σ rᵢ·eᵢ = 0 for non-zero errors eᵢ, which a given set of errors satisfies for at most one value of each
    /// weight, so with probability at most 2^-64. The first weight can be 1 without loss (the errors would still
    /// have to cancel against the other, random, weights), which saves two scalar multiplications; a batch of
    /// one is therefore exactly <c>Verify</c>.
    /// </remarks>
    /// <param name="items">The signatures to verify; keys may be raw bytes or precomputed <see cref="BlsPreparedPublicKey"/>s.</param>
    public static bool VerifyBatch(ReadOnlySpan<BlsVerificationItem> items)
    {
        if (items.IsEmpty)
        {
            return true;
        }
        ulong[] weights = new ulong[items.Length];
        RandomNumberGenerator.Fill(MemoryMarshal.AsBytes(weights.AsSpan()));
        weights[0] = 1;
        for (int i = 1; i < weights.Length; i++)
        {
            // Zero would drop the item from the check; redraw it (this happens with probability 2^-64).
            while (weights[i] == 0)
            {
                RandomNumberGenerator.Fill(MemoryMarshal.AsBytes(weights.AsSpan(i, 1)));
            }
        }
        return VerifyBatch(items, weights);
    }

    /// <summary>The batch check with the given non-zero weights (tests pass their own to show why they matter).</summary>
    internal static bool VerifyBatch(ReadOnlySpan<BlsVerificationItem> items, ReadOnlySpan<ulong> weights)
    {
        int n = items.Length;
        int pairs = n + 1;
        const int lc = Pairing.LineCount;
        LineCoeffs[] lines = ArrayPool<LineCoeffs>.Shared.Rent(pairs * lc);
        G1Proj[] points = ArrayPool<G1Proj>.Shared.Rent(pairs);
        int[] keyOwners = ArrayPool<int>.Shared.Rent(pairs);
        Fp[] coords = ArrayPool<Fp>.Shared.Rent(2 * pairs);
        try
        {
            // Pair 0 is (−Σ rᵢ·sigᵢ, g2); then one pair per distinct key, (Σ rᵢ·H(mᵢ) over the items under that key, key):
            // by bilinearity Πᵢ e(rᵢ·H(mᵢ), pk) = e(Σ rᵢ·H(mᵢ), pk), so items under one key add one pair in all.
            G1Proj sum = G1Proj.Identity;
            int keys = 0;
            for (int i = 0; i < n; i++)
            {
                BlsVerificationItem item = items[i];
                if (!G1.TryDecompress(item.Signature.Span, out G1Proj sig) || sig.IsIdentity)
                {
                    return false;
                }
                int slot = 1;
                while (slot <= keys && !SameKey(items[keyOwners[slot]], item))
                {
                    slot++;
                }
                if (slot > keys)
                {
                    Span<LineCoeffs> keyLines = lines.AsSpan(slot * lc, lc);
                    if (item.PreparedKey is { } key)
                    {
                        key.Lines.CopyTo(keyLines);
                    }
                    else if (!G2.TryDecodeKey(item.PublicKey.Span, keyLines, out _))
                    {
                        return false;
                    }
                    keys = slot;
                    keyOwners[slot] = i;
                    points[slot] = G1Proj.Identity;
                }
                G1Proj h = HashToCurve.HashToG1Internal(item.Message.Span, SignatureDst);
                if (h.IsIdentity)
                {
                    // Verify rejects this too: e(H, pk) = 1 would need the identity as signature.
                    return false;
                }
                ulong r = weights[i];
                sum = G1Proj.Add(sum, r == 1 ? sig : G1Proj.MulWnaf(sig, r));
                points[slot] = G1Proj.Add(points[slot], r == 1 ? h : G1Proj.MulWnaf(h, r));
            }
            // A key's weighted sum is the identity only by the same kind of accident; its pairing is 1: drop the pair
            // (the last pair takes its place), as BatchToAffine needs points other than the identity.
            for (int slot = keys; slot >= 1; slot--)
            {
                if (points[slot].IsIdentity)
                {
                    points[slot] = points[keys];
                    lines.AsSpan(keys * lc, lc).CopyTo(lines.AsSpan(slot * lc, lc));
                    keys--;
                }
            }
            pairs = keys + 1;
            Pairing.GeneratorLines.CopyTo(lines, 0);
            points[0] = G1Proj.Neg(sum);
            // The weighted sum of valid signatures is the identity only by a 2^-64 accident; its pairing is then 1,
            // so the pair is left out rather than reported as a failure.
            int first = sum.IsIdentity ? 1 : 0;
            int used = pairs - first;
            Span<Fp> px = coords.AsSpan(0, used), py = coords.AsSpan(pairs, used);
            G1Proj.BatchToAffine(points.AsSpan(first, used), px, py);
            return Pairing.FinalExponentiation(Pairing.MillerLoop(px, py, lines.AsSpan(first * lc, used * lc))).IsOne;
        }
        finally
        {
            ArrayPool<LineCoeffs>.Shared.Return(lines);
            ArrayPool<G1Proj>.Shared.Return(points);
            ArrayPool<int>.Shared.Return(keyOwners);
            ArrayPool<Fp>.Shared.Return(coords);
        }
    }

    private static bool SameKey(in BlsVerificationItem a, in BlsVerificationItem b) =>
        (a.PreparedKey is not null && ReferenceEquals(a.PreparedKey, b.PreparedKey)) || a.PublicKey.Span.SequenceEqual(b.PublicKey.Span);
}
