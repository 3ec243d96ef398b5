using System.Numerics;

namespace Icp.Candid;

/// <summary>
/// Checks an already typed value (the result of an annotation like <c>(5 : nat8)</c>) against the expected
/// type, with the same rules as for literals: <c>nat</c> widens to <c>int</c>, <c>null</c> and
/// <c>reserved</c> become none at an <c>opt</c>, records lose extra fields and gain missing optional ones.
/// </summary>
internal static class CandidValueFit
{
    public static CandidValue Fit(CandidValue value, CandidType type, CandidToken at)
    {
        var t = type.Resolve();
        if (t.Kind == CandidKind.Reserved) return CandidValue.Reserved;
        switch (value, t)
        {
            case (CandidPrimitiveValue p, PrimitiveType pt) when p.Kind == pt.Kind:
                return p;
            case (CandidPrimitiveValue { Kind: CandidKind.Nat } p, PrimitiveType { Kind: CandidKind.Int }):
                return CandidValue.Int(p.AsBigInteger());
            case (CandidPrimitiveValue { Kind: CandidKind.Null or CandidKind.Reserved }, OptType):
                return CandidValue.None;
            case (CandidTextValue, PrimitiveType { Kind: CandidKind.Text }):
            case (CandidPrincipalValue, PrimitiveType { Kind: CandidKind.Principal }):
            case (CandidServiceValue, ServiceType):
            case (CandidFuncValue, FuncType):
                return value;
            case (CandidOptValue o, OptType ot):
                return o.Value is null ? CandidValue.None : CandidValue.Some(Fit(o.Value, ot.Inner, at));
            case (CandidBlobValue, VecType { IsBlob: true }):
                return value;
            case (CandidVecValue v, VecType { IsBlob: true }):
                return CandidValue.Blob(v.Elements.Select(e => (byte)((CandidPrimitiveValue)Fit(e, CandidType.Nat8, at)).Bits).ToArray());
            case (CandidVecValue v, VecType vt):
                return CandidValue.Vec(v.Elements.Select(e => Fit(e, vt.Element, at)).ToArray());
            case (CandidBlobValue b, VecType vt):
                return CandidValue.Vec(b.Bytes.ToArray().Select(x => Fit(CandidValue.Nat8(x), vt.Element, at)).ToArray());
            case (CandidRecordValue r, RecordType rt):
            {
                var fields = new List<CandidFieldValue>(rt.Fields.Count);
                foreach (var field in rt.Fields)
                {
                    var given = r[field.Label];
                    CandidValue fitted = given is not null ? Fit(given, field.Type, at)
                        : CandidValueBuilder.ValueOfMissingField(field.Type)
                          ?? throw CandidValueBuilder.Error(at, $"record field '{field.Label}' of type {CandidValueBuilder.Short(field.Type)} is missing");
                    fields.Add(new CandidFieldValue(field.Label, fitted));
                }
                return CandidValue.Record(fields);
            }
            case (CandidVariantValue v, VariantType vt):
            {
                var field = vt.FindField(v.Label) ?? throw CandidValueBuilder.Error(at, $"the variant type {CandidValueBuilder.Short(vt)} has no alternative '{v.Label}'");
                return CandidValue.Variant(field.Label, Fit(v.Value, field.Type, at));
            }
            default:
                throw CandidValueBuilder.Error(at, $"a value of type {DescribeKind(value)} does not fit type {CandidValueBuilder.Short(type)}");
        }
    }

    /// <summary>An integer at an integer type, with the range check.</summary>
    public static CandidValue Integer(BigInteger n, CandidKind kind, CandidToken at, string text)
    {
        (BigInteger min, BigInteger max) = kind switch
        {
            CandidKind.Nat8 => (0, byte.MaxValue),
            CandidKind.Nat16 => (0, ushort.MaxValue),
            CandidKind.Nat32 => (0, uint.MaxValue),
            CandidKind.Nat64 => (0, ulong.MaxValue),
            CandidKind.Int8 => (sbyte.MinValue, sbyte.MaxValue),
            CandidKind.Int16 => (short.MinValue, short.MaxValue),
            CandidKind.Int32 => (int.MinValue, int.MaxValue),
            CandidKind.Int64 => (long.MinValue, long.MaxValue),
            _ => (kind == CandidKind.Nat ? BigInteger.Zero : BigInteger.MinusOne, BigInteger.MinusOne),
        };
        bool unbounded = kind is CandidKind.Nat or CandidKind.Int;
        if ((kind != CandidKind.Int && n < min) || (!unbounded && n > max))
            throw CandidValueBuilder.Error(at, kind == CandidKind.Nat
                ? $"{text} is negative, so it cannot be a nat"
                : $"{text} is out of range for {kind.Keyword()} ({min} to {max})");
        return kind switch
        {
            CandidKind.Nat => CandidValue.Nat(n),
            CandidKind.Int => CandidValue.Int(n),
            CandidKind.Nat8 => CandidValue.Nat8((byte)n),
            CandidKind.Nat16 => CandidValue.Nat16((ushort)n),
            CandidKind.Nat32 => CandidValue.Nat32((uint)n),
            CandidKind.Nat64 => CandidValue.Nat64((ulong)n),
            CandidKind.Int8 => CandidValue.Int8((sbyte)n),
            CandidKind.Int16 => CandidValue.Int16((short)n),
            CandidKind.Int32 => CandidValue.Int32((int)n),
            _ => CandidValue.Int64((long)n),
        };
    }

    private static string DescribeKind(CandidValue v) => v switch
    {
        CandidOptValue { Value: null } => "opt (none)",
        _ => v.Kind.Keyword(),
    };
}
