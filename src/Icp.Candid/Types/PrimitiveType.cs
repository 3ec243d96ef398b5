namespace Icp.Candid;

/// <summary>A type without arguments: <c>nat</c>, <c>text</c>, <c>principal</c> and the like.
/// Use the shared instances on <see cref="CandidType"/>.</summary>
public sealed class PrimitiveType : CandidType
{
    internal PrimitiveType(CandidKind kind)
    {
        if (!kind.IsPrimitive()) throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a primitive Candid type");
        Kind = kind;
    }

    /// <inheritdoc />
    public override CandidKind Kind { get; }

    /// <inheritdoc />
    public override bool Equals(CandidType? other) => other is PrimitiveType p && p.Kind == Kind;

    /// <inheritdoc />
    public override int GetHashCode() => (int)Kind;
}
