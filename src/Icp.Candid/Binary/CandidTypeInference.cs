namespace Icp.Candid;

/// <summary>
/// The type a value shows when no type is given: a none is <c>opt empty</c>,
/// <c>null</c> is <c>null</c>, an empty vector is <c>vec empty</c>, a vector takes the type of its first
/// element, a variant is a variant of its one alternative, references have no methods.
/// </summary>
public static class CandidTypeInference
{
    /// <summary>The type of <paramref name="value"/>.</summary>
    public static CandidType Infer(CandidValue value) => value switch
    {
        CandidPrimitiveValue p => CandidType.Primitive(p.Kind),
        CandidTextValue => CandidType.Text,
        CandidPrincipalValue => CandidType.Principal,
        CandidOptValue { Value: null } => CandidType.Opt(CandidType.Empty),
        CandidOptValue { Value: { } v } => CandidType.Opt(Infer(v)),
        CandidBlobValue => CandidType.Blob,
        CandidVecValue { Elements.Count: 0 } => CandidType.Vec(CandidType.Empty),
        CandidVecValue vec => CandidType.Vec(Infer(vec.Elements[0])),
        CandidRecordValue r => new RecordType(r.Fields.Select(f => new CandidField(f.Label, Infer(f.Value)))),
        CandidVariantValue v => new VariantType([new CandidField(v.Label, Infer(v.Value))]),
        CandidFuncValue => new FuncType([], []),
        CandidServiceValue => new ServiceType([]),
        _ => throw new ArgumentException($"unknown value node {value.GetType().Name}", nameof(value)),
    };
}
