namespace Icp.Bls12381;

/// <summary>
/// The field operations the generic curve code needs. Fp and Fp2 implement it as structs, so the
/// JIT specializes <see cref="ProjectivePoint{F, C}"/> per field with direct, inlinable calls.
/// </summary>
internal interface IField<T> where T : struct, IField<T>
{
    static abstract T Zero { get; }
    static abstract T One { get; }
    static abstract T Add(in T a, in T b);
    static abstract T Sub(in T a, in T b);
    static abstract T Double(in T a);
    static abstract T Mul(in T a, in T b);
    static abstract T Square(in T a);
    static abstract T Neg(in T a);
    static abstract T Invert(in T a);
    static abstract bool IsZero(in T a);
    static abstract bool Equal(in T a, in T b);
    static abstract T Select(in T a, in T b, bool choice);
}
