namespace Icp.Bls12381;

using G2Proj = ProjectivePoint<Fp2, G2Curve>;

/// <summary>
/// RFC 9380 map_to_curve for G2: simplified SWU onto E2': y^2 = x^3 + 240u·x + 1012(1 + u), the 3-isogeny
/// to E2 (Appendix E.3), and cofactor clearing with ψ (Appendix G.3). Not on the verification path, so the
/// straightforward SWU form (§6.6.2) is used.
/// </summary>
internal static class SswuG2
{
    private static Fp2 F2(string c0, string c1) => new(Fp.FromHex(c0), Fp.FromHex(c1));

    private static readonly Fp2 A = F2("0", "f0");
    private static readonly Fp2 B = F2("3f4", "3f4");
    private static readonly Fp2 Z = Fp2.Neg(F2("2", "1"));

    private const string P = "1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffff";

    // 3-isogeny coefficients k_(i,j), lowest degree first; the denominators are monic.
    private static readonly Fp2[] XNum =
    [
        F2("5c759507e8e333ebb5b7a9a47d7ed8532c52d39fd3a042a88b58423c50ae15d5c2638e343d9c71c6238aaaaaaaa97d6",
           "5c759507e8e333ebb5b7a9a47d7ed8532c52d39fd3a042a88b58423c50ae15d5c2638e343d9c71c6238aaaaaaaa97d6"),
        F2("0", "11560bf17baa99bc32126fced787c88f984f87adf7ae0c7f9a208c6b4f20a4181472aaa9cb8d555526a9ffffffffc71a"),
        F2("11560bf17baa99bc32126fced787c88f984f87adf7ae0c7f9a208c6b4f20a4181472aaa9cb8d555526a9ffffffffc71e",
           "8ab05f8bdd54cde190937e76bc3e447cc27c3d6fbd7063fcd104635a790520c0a395554e5c6aaaa9354ffffffffe38d"),
        F2("171d6541fa38ccfaed6dea691f5fb614cb14b4e7f4e810aa22d6108f142b85757098e38d0f671c7188e2aaaaaaaa5ed1", "0"),
    ];

    private static readonly Fp2[] XDen =
    [
        F2("0", P + "aa63"),
        F2("c", P + "aa9f"),
        F2("1", "0"),
    ];

    private static readonly Fp2[] YNum =
    [
        F2("1530477c7ab4113b59a4c18b076d11930f7da5d4a07f649bf54439d87d27e500fc8c25ebf8c92f6812cfc71c71c6d706",
           "1530477c7ab4113b59a4c18b076d11930f7da5d4a07f649bf54439d87d27e500fc8c25ebf8c92f6812cfc71c71c6d706"),
        F2("0", "5c759507e8e333ebb5b7a9a47d7ed8532c52d39fd3a042a88b58423c50ae15d5c2638e343d9c71c6238aaaaaaaa97be"),
        F2("11560bf17baa99bc32126fced787c88f984f87adf7ae0c7f9a208c6b4f20a4181472aaa9cb8d555526a9ffffffffc71c",
           "8ab05f8bdd54cde190937e76bc3e447cc27c3d6fbd7063fcd104635a790520c0a395554e5c6aaaa9354ffffffffe38f"),
        F2("124c9ad43b6cf79bfbf7043de3811ad0761b0f37a1e26286b0e977c69aa274524e79097a56dc4bd9e1b371c71c718b10", "0"),
    ];

    private static readonly Fp2[] YDen =
    [
        F2(P + "a8fb", P + "a8fb"),
        F2("0", P + "a9d3"),
        F2("12", P + "aa99"),
        F2("1", "0"),
    ];

    /// <summary>Simplified SWU (RFC 9380 §6.6.2) onto E2'; returns affine (x, y).</summary>
    internal static void MapToIsoCurve(in Fp2 u, out Fp2 x, out Fp2 y)
    {
        Fp2 zu2 = Fp2.Mul(Z, Fp2.Square(u));
        Fp2 tv1 = Fp2.Invert(Fp2.Add(Fp2.Square(zu2), zu2));
        Fp2 x1 = Fp2.IsZero(tv1)
            ? Fp2.Mul(B, Fp2.Invert(Fp2.Mul(Z, A)))
            : Fp2.Mul(Fp2.Neg(Fp2.Mul(B, Fp2.Invert(A))), Fp2.Add(Fp2.One, tv1));
        Fp2 gx1 = Curve(x1);
        if (Fp2.IsSquare(gx1))
        {
            x = x1;
            Fp2.TrySqrt(gx1, out y);
        }
        else
        {
            x = Fp2.Mul(zu2, x1);
            Fp2.TrySqrt(Curve(x), out y);
        }
        if (Fp2.Sgn0(u) != Fp2.Sgn0(y))
        {
            y = Fp2.Neg(y);
        }
    }

    private static Fp2 Curve(in Fp2 x) => Fp2.Add(Fp2.Mul(Fp2.Add(Fp2.Square(x), A), x), B);

    private static Fp2 Horner(Fp2[] coeffs, in Fp2 x)
    {
        Fp2 acc = coeffs[^1];
        for (int i = coeffs.Length - 2; i >= 0; i--)
        {
            acc = Fp2.Add(Fp2.Mul(acc, x), coeffs[i]);
        }
        return acc;
    }

    /// <summary>The 3-isogeny E2' → E2 in projective form (no inversion); a zero denominator gives the identity.</summary>
    internal static G2Proj IsoMap(in Fp2 x, in Fp2 y)
    {
        Fp2 xn = Horner(XNum, x), xd = Horner(XDen, x), yn = Horner(YNum, x), yd = Horner(YDen, x);
        if (Fp2.IsZero(xd) || Fp2.IsZero(yd))
        {
            return G2Proj.Identity;
        }
        return new G2Proj(Fp2.Mul(xn, yd), Fp2.Mul(Fp2.Mul(y, yn), xd), Fp2.Mul(xd, yd));
    }

    internal static G2Proj MapToCurve(in Fp2 u)
    {
        MapToIsoCurve(u, out Fp2 x, out Fp2 y);
        return IsoMap(x, y);
    }

    /// <summary>
    /// Multiplies by h_eff (RFC 9380 §8.8.2) using ψ (Budroni–Pintore, RFC 9380 Appendix G.3):
    /// h_eff·P = [x^2 - x - 1]P + [x - 1]ψ(P) + ψ^2(2P).
    /// </summary>
    internal static G2Proj ClearCofactor(in G2Proj p)
    {
        G2Proj t1 = G2Proj.MulByX(p);
        G2Proj t2 = G2.Psi(p);
        G2Proj t3 = G2.Psi(G2.Psi(G2Proj.Double(p)));
        t3 = G2Proj.Add(t3, G2Proj.Neg(t2));
        t2 = G2Proj.MulByX(G2Proj.Add(t1, t2));
        t3 = G2Proj.Add(t3, t2);
        t3 = G2Proj.Add(t3, G2Proj.Neg(t1));
        return G2Proj.Add(t3, G2Proj.Neg(p));
    }
}
