namespace Icp.Candid;

/// <summary>
/// The main service of a <c>.did</c> file: <c>service : { ... }</c>, <c>service name : T</c>, or the class
/// form <c>service : (init args) -> { ... }</c>.
/// </summary>
/// <param name="Name">The name after <c>service</c>, if one was written (it has no meaning beyond documentation).</param>
/// <param name="InitArguments">The arguments of the class form (the canister's init arguments); null for a plain service.</param>
/// <param name="Type">A <see cref="ServiceType"/>, or a reference that resolves to one.</param>
/// <param name="Doc">The doc comment written before <c>service</c>, if any.</param>
public sealed record CandidServiceDeclaration(string? Name, IReadOnlyList<CandidParameter>? InitArguments, CandidType Type, string? Doc = null)
{
    /// <summary>True for the class form, which has init arguments.</summary>
    public bool IsClass => InitArguments is not null;

    /// <summary>The service type, references followed.</summary>
    /// <exception cref="CandidTypeException">The type is not a service type.</exception>
    public ServiceType ResolveService() =>
        Type.Resolve() as ServiceType ?? throw new CandidTypeException($"{Type} is not a service type");

    /// <summary>Equal when type and init arguments are (compared element by element); name and documentation do not count.</summary>
    public bool Equals(CandidServiceDeclaration? other) =>
        other is not null && Type.Equals(other.Type)
        && (InitArguments is null ? other.InitArguments is null : other.InitArguments is not null && InitArguments.SequenceEqual(other.InitArguments));

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Type, InitArguments?.Count ?? -1);
}
