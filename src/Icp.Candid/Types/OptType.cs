namespace Icp.Candid;

/// <summary><c>opt T</c>: a value of <see cref="Inner"/>, or none.</summary>
public sealed class OptType(CandidType inner) : CandidType
{
    /// <summary>The type of the value when there is one.</summary>
    public CandidType Inner { get; } = inner ?? throw new ArgumentNullException(nameof(inner));

    /// <inheritdoc />
    public override CandidKind Kind => CandidKind.Opt;

    /// <inheritdoc />
    public override bool Equals(CandidType? other) => other is OptType o && Inner.Equals(o.Inner);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(CandidKind.Opt, Inner);
}
