namespace Icp.Candid;

/// <summary><c>vec T</c>: a sequence of <see cref="Element"/>. <c>blob</c> is <c>vec nat8</c>.</summary>
public sealed class VecType(CandidType element) : CandidType
{
    /// <summary>The type of each element.</summary>
    public CandidType Element { get; } = element ?? throw new ArgumentNullException(nameof(element));

    /// <summary>True when this is <c>vec nat8</c>, which the language also spells <c>blob</c>.</summary>
    public bool IsBlob => Element.Kind == CandidKind.Nat8 && Element.Resolve() is PrimitiveType;

    /// <inheritdoc />
    public override CandidKind Kind => CandidKind.Vec;

    /// <inheritdoc />
    public override bool Equals(CandidType? other) => other is VecType v && Element.Equals(v.Element);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(CandidKind.Vec, Element);
}
