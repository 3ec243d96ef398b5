namespace Icp.Candid;

/// <summary>A reference to a method of a canister: the value of a Candid <c>func</c> type.</summary>
/// <param name="Canister">The canister that has the method.</param>
/// <param name="Method">The method name.</param>
public sealed record CandidFunc(Principal Canister, string Method)
{
    /// <summary><c>func "canister".method</c></summary>
    public override string ToString() => $"func \"{Canister}\".{Method}";
}

/// <summary>The value of Candid's <c>empty</c> type, which has no values: no instance can exist.</summary>
public sealed class CandidEmpty
{
    private CandidEmpty() { }
}

/// <summary><c>func (...) -> (...)</c> ↔ <see cref="CandidFunc"/>, at a given function type. A reference is read
/// only when the message's function type is a subtype of the expected one.</summary>
/// <param name="type">The function type (or a reference to one) values are written at.</param>
public sealed class CandidFuncConverter(CandidType type) : CandidConverter<CandidFunc>
{
    /// <inheritdoc />
    public override CandidType CandidType { get; } = type ?? throw new ArgumentNullException(nameof(type));

    /// <inheritdoc />
    public override CandidFunc Read(ref CandidReader reader, CandidWireType wire)
    {
        reader.ExpectKind(wire, CandidKind.Func);
        CandidValueReader.CheckReferenceSubtype(ref reader, wire, CandidType);
        CandidValueReader.ReadReferenceFlag(ref reader, "function");
        var canister = reader.ReadPrincipal();
        return new CandidFunc(canister, reader.ReadText());
    }

    /// <inheritdoc />
    public override void Write(CandidWriter writer, CandidFunc value)
    {
        if (value is null) throw new CandidEncodeException("a function reference cannot be null", "");
        writer.WriteByte(1);
        writer.WritePrincipal(value.Canister);
        writer.WriteText(value.Method);
    }
}

/// <summary><c>service { ... }</c> ↔ the <see cref="Principal"/> of the canister, at a given service type. A reference
/// is read only when the message's service type is a subtype of the expected one.</summary>
/// <param name="type">The service type (or a reference to one) values are written at.</param>
public sealed class ServiceReferenceConverter(CandidType type) : CandidConverter<Principal>
{
    /// <inheritdoc />
    public override CandidType CandidType { get; } = type ?? throw new ArgumentNullException(nameof(type));

    /// <inheritdoc />
    public override Principal Read(ref CandidReader reader, CandidWireType wire)
    {
        reader.ExpectKind(wire, CandidKind.Service);
        CandidValueReader.CheckReferenceSubtype(ref reader, wire, CandidType);
        return reader.ReadPrincipal();
    }

    /// <inheritdoc />
    public override void Write(CandidWriter writer, Principal value) =>
        writer.WritePrincipal(value ?? throw new CandidEncodeException("a service reference cannot be null", ""));
}
