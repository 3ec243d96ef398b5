namespace Icp.Bls12381;

/// <summary>
/// Powers of the non-residue ξ = 1 + u used by the Frobenius maps and the G2 endomorphism ψ.
/// They are computed once from their definitions instead of being pasted as opaque limbs.
/// </summary>
internal static class FrobeniusConstants
{
    private static readonly Fp2 Xi = new(Fp.One, Fp.One);

    /// <summary>ξ^((p-1)/3) = v^(p-1).</summary>
    internal static readonly Fp2 V1 = Fp2.Pow(Xi, (Fp.Modulus - 1) / 3);

    /// <summary>ξ^(2(p-1)/3) = v^(2(p-1)).</summary>
    internal static readonly Fp2 V2 = Fp2.Pow(Xi, 2 * (Fp.Modulus - 1) / 3);

    /// <summary>ξ^((p-1)/6) = w^(p-1).</summary>
    internal static readonly Fp2 W1 = Fp2.Pow(Xi, (Fp.Modulus - 1) / 6);

    /// <summary>1/ξ^((p-1)/3): scales x in ψ(x, y) = (conj(x)/ξ^((p-1)/3), conj(y)/ξ^((p-1)/2)).</summary>
    internal static readonly Fp2 PsiX = Fp2.Invert(V1);

    /// <summary>1/ξ^((p-1)/2): scales y in ψ.</summary>
    internal static readonly Fp2 PsiY = Fp2.Invert(Fp2.Pow(Xi, (Fp.Modulus - 1) / 2));
}
