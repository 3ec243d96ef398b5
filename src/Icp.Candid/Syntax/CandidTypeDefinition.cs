namespace Icp.Candid;

/// <summary>A definition <c>type Name = Type;</c> of a <c>.did</c> file.</summary>
/// <param name="Name">The defined name.</param>
/// <param name="Type">The type it stands for, as written (it may be a reference to another name).</param>
/// <param name="Doc">The doc comment written before the definition, lines joined with '\n'; null when none.</param>
public sealed record CandidTypeDefinition(string Name, CandidType Type, string? Doc = null)
{
    /// <summary>Equal name and type; documentation does not count.</summary>
    public bool Equals(CandidTypeDefinition? other) => other is not null && Name == other.Name && Type.Equals(other.Type);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Name, Type);
}
