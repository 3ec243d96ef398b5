namespace Icp.Candid;

/// <summary>A type from a later version of Candid, seen in a message's type table: its values can only be
/// skipped, and it is a subtype of nothing but <c>reserved</c> and options.</summary>
public sealed class FutureType : CandidType
{
    internal FutureType() { }

    /// <inheritdoc />
    public override CandidKind Kind => CandidKind.Future;

    /// <summary>Every future type is its own.</summary>
    public override bool Equals(CandidType? other) => ReferenceEquals(this, other);

    /// <inheritdoc />
    public override int GetHashCode() => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(this);
}
