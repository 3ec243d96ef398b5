namespace Icp.Bls12381;

/// <summary>
/// A point in homogeneous projective coordinates (X : Y : Z), x = X/Z, y = Y/Z, on the curve C over F.
/// The identity is (0 : 1 : 0). Addition and doubling use the complete formulas of Renes–Costello–Batina
/// (ePrint 2015/1060, Algorithms 7 and 9 for a = 0): no special cases, so secret scalars do not leak
/// through exceptional branches, and the code is the same for G1 (over Fp) and G2 (over Fp2).
/// </summary>
internal readonly partial struct ProjectivePoint<F, C>
    where F : struct, IField<F>
    where C : struct, ICurve<F>
{
    internal readonly F X, Y, Z;

    internal ProjectivePoint(in F x, in F y, in F z)
    {
        X = x;
        Y = y;
        Z = z;
    }

    internal static ProjectivePoint<F, C> Identity => new(F.Zero, F.One, F.Zero);

    internal static ProjectivePoint<F, C> FromAffine(in F x, in F y) => new(x, y, F.One);

    internal bool IsIdentity => F.IsZero(Z);

    /// <summary>Checks y^2·z = x^3 + b·z^3 (the identity counts as on the curve).</summary>
    internal bool IsOnCurve()
    {
        if (IsIdentity)
        {
            return F.IsZero(X) && !F.IsZero(Y);
        }
        F lhs = F.Mul(F.Square(Y), Z);
        F z3 = F.Mul(F.Square(Z), Z);
        F rhs = F.Add(F.Mul(F.Square(X), X), F.Mul(C.B, z3));
        return F.Equal(lhs, rhs);
    }

    /// <summary>Projective equality: X1·Z2 = X2·Z1 and Y1·Z2 = Y2·Z1.</summary>
    internal static bool Equal(in ProjectivePoint<F, C> a, in ProjectivePoint<F, C> b)
    {
        bool ai = a.IsIdentity, bi = b.IsIdentity;
        if (ai || bi)
        {
            return ai && bi;
        }
        return F.Equal(F.Mul(a.X, b.Z), F.Mul(b.X, a.Z)) && F.Equal(F.Mul(a.Y, b.Z), F.Mul(b.Y, a.Z));
    }

    internal static ProjectivePoint<F, C> Neg(in ProjectivePoint<F, C> a) => new(a.X, F.Neg(a.Y), a.Z);

    internal static ProjectivePoint<F, C> Select(in ProjectivePoint<F, C> a, in ProjectivePoint<F, C> b, bool choice) =>
        new(F.Select(a.X, b.X, choice), F.Select(a.Y, b.Y, choice), F.Select(a.Z, b.Z, choice));

    /// <summary>Complete addition (RCB Algorithm 7).</summary>
    internal static ProjectivePoint<F, C> Add(in ProjectivePoint<F, C> p, in ProjectivePoint<F, C> q)
    {
        F t0 = F.Mul(p.X, q.X);
        F t1 = F.Mul(p.Y, q.Y);
        F t2 = F.Mul(p.Z, q.Z);
        F t3 = F.Mul(F.Add(p.X, p.Y), F.Add(q.X, q.Y));
        F t4 = F.Add(t0, t1);
        t3 = F.Sub(t3, t4);
        t4 = F.Mul(F.Add(p.Y, p.Z), F.Add(q.Y, q.Z));
        F x3 = F.Add(t1, t2);
        t4 = F.Sub(t4, x3);
        x3 = F.Mul(F.Add(p.X, p.Z), F.Add(q.X, q.Z));
        F y3 = F.Add(t0, t2);
        y3 = F.Sub(x3, y3);
        x3 = F.Double(t0);
        t0 = F.Add(x3, t0);
        t2 = C.MulBy3B(t2);
        F z3 = F.Add(t1, t2);
        t1 = F.Sub(t1, t2);
        y3 = C.MulBy3B(y3);
        x3 = F.Mul(t4, y3);
        t2 = F.Mul(t3, t1);
        x3 = F.Sub(t2, x3);
        y3 = F.Mul(y3, t0);
        t1 = F.Mul(t1, z3);
        y3 = F.Add(t1, y3);
        t0 = F.Mul(t0, t3);
        z3 = F.Mul(z3, t4);
        z3 = F.Add(z3, t0);
        return new ProjectivePoint<F, C>(x3, y3, z3);
    }

    /// <summary>Complete doubling (RCB Algorithm 9); maps the identity to itself.</summary>
    internal static ProjectivePoint<F, C> Double(in ProjectivePoint<F, C> p)
    {
        F t0 = F.Square(p.Y);
        F z3 = F.Double(F.Double(F.Double(t0)));
        F t1 = F.Mul(p.Y, p.Z);
        F t2 = C.MulBy3B(F.Square(p.Z));
        F x3 = F.Mul(t2, z3);
        F y3 = F.Add(t0, t2);
        z3 = F.Mul(t1, z3);
        t1 = F.Double(t2);
        t2 = F.Add(t1, t2);
        t0 = F.Sub(t0, t2);
        y3 = F.Mul(t0, y3);
        y3 = F.Add(x3, y3);
        t1 = F.Mul(p.X, p.Y);
        x3 = F.Mul(t0, t1);
        x3 = F.Double(x3);
        return new ProjectivePoint<F, C>(x3, y3, z3);
    }

    /// <summary>Multiplies by a public 64-bit scalar (variable time; for cofactors and the curve seed).</summary>
    internal static ProjectivePoint<F, C> MulVartime(in ProjectivePoint<F, C> p, ulong k)
    {
        ProjectivePoint<F, C> acc = Identity;
        int top = 63 - System.Numerics.BitOperations.LeadingZeroCount(k);
        for (int i = top; i >= 0; i--)
        {
            acc = Double(acc);
            if (((k >> i) & 1) != 0)
            {
                acc = Add(acc, p);
            }
        }
        return acc;
    }

    /// <summary>
    /// Multiplies by a scalar given as little-endian 64-bit limbs with a fixed sequence of operations
    /// (double and always add, then select), so the time does not depend on the scalar's bits.
    /// </summary>
    internal static ProjectivePoint<F, C> MulConstantTime(in ProjectivePoint<F, C> p, ReadOnlySpan<ulong> k)
    {
        ProjectivePoint<F, C> acc = Identity;
        for (int i = k.Length * 64 - 1; i >= 0; i--)
        {
            acc = Double(acc);
            ProjectivePoint<F, C> sum = Add(acc, p);
            acc = Select(acc, sum, ((k[i >> 6] >> (i & 63)) & 1) != 0);
        }
        return acc;
    }

    /// <summary>Multiplies by the BLS parameter x = -0xd201000000010000 (sign included).</summary>
    internal static ProjectivePoint<F, C> MulByX(in ProjectivePoint<F, C> p) => Neg(MulVartime(p, Bls12381Params.XAbs));

    /// <summary>Affine coordinates; false for the identity.</summary>
    internal bool TryToAffine(out F x, out F y)
    {
        if (IsIdentity)
        {
            x = F.Zero;
            y = F.Zero;
            return false;
        }
        F zi = F.Invert(Z);
        x = F.Mul(X, zi);
        y = F.Mul(Y, zi);
        return true;
    }
}
