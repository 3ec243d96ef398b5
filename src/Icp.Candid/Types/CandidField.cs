namespace Icp.Candid;

/// <summary>A field of a record or an alternative of a variant.</summary>
/// <param name="Label">The field's label.</param>
/// <param name="Type">The field's type (an alternative written without a type has type <c>null</c>).</param>
/// <param name="Doc">The documentation comment written before the field in a <c>.did</c> file, if any.</param>
public sealed record CandidField(CandidLabel Label, CandidType Type, string? Doc = null)
{
    /// <summary>Fields are equal when label and type are; documentation does not count.</summary>
    public bool Equals(CandidField? other) =>
        other is not null && Label == other.Label && Label.Name == other.Label.Name && Type.Equals(other.Type);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Label.Id, Type);
}
