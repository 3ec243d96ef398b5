using System.Numerics;

namespace Icp.Candid;

/// <summary>Writes <see cref="CandidValue"/>s at types, checking that each value fits its type.</summary>
internal static class CandidValueWriter
{
    public static void Write(CandidWriter w, CandidType type, CandidValue value)
    {
        var t = type.Resolve();
        switch (t.Kind)
        {
            case CandidKind.Reserved:
                return;
            case CandidKind.Empty:
                throw new CandidEncodeException("no value has type empty", "");
            case CandidKind.Null:
                if (value is not CandidPrimitiveValue { Kind: CandidKind.Null } && value is not CandidOptValue { HasValue: false })
                    throw Wrong(t, value);
                return;
            case CandidKind.Bool:
                w.WriteBool(value is CandidPrimitiveValue { Kind: CandidKind.Bool } b ? b.AsBool() : throw Wrong(t, value));
                return;
            case CandidKind.Nat:
            {
                var n = Integer(t, value);
                if (n.Sign < 0) throw new CandidEncodeException($"{n} is negative, and a nat cannot be", "");
                w.WriteNat(n);
                return;
            }
            case CandidKind.Int:
                w.WriteInt(Integer(t, value));
                return;
            case CandidKind.Nat8: w.WriteByte((byte)Ranged(t, value, 0, byte.MaxValue)); return;
            case CandidKind.Nat16: w.WriteUInt16((ushort)Ranged(t, value, 0, ushort.MaxValue)); return;
            case CandidKind.Nat32: w.WriteUInt32((uint)Ranged(t, value, 0, uint.MaxValue)); return;
            case CandidKind.Nat64: w.WriteUInt64((ulong)Ranged(t, value, 0, ulong.MaxValue)); return;
            case CandidKind.Int8: w.WriteByte(unchecked((byte)(sbyte)Ranged(t, value, sbyte.MinValue, sbyte.MaxValue))); return;
            case CandidKind.Int16: w.WriteUInt16(unchecked((ushort)(short)Ranged(t, value, short.MinValue, short.MaxValue))); return;
            case CandidKind.Int32: w.WriteUInt32(unchecked((uint)(int)Ranged(t, value, int.MinValue, int.MaxValue))); return;
            case CandidKind.Int64: w.WriteUInt64(unchecked((ulong)(long)Ranged(t, value, long.MinValue, long.MaxValue))); return;
            case CandidKind.Float32:
                w.WriteUInt32(BitConverter.SingleToUInt32Bits((float)Float(t, value)));
                return;
            case CandidKind.Float64:
                w.WriteUInt64(BitConverter.DoubleToUInt64Bits(Float(t, value)));
                return;
            case CandidKind.Text:
                w.WriteText(value is CandidTextValue s ? s.Value : throw Wrong(t, value));
                return;
            case CandidKind.Principal:
                w.WritePrincipal(value switch
                {
                    CandidPrincipalValue p => p.Value,
                    CandidServiceValue sv => sv.Canister,
                    _ => throw Wrong(t, value),
                });
                return;
            case CandidKind.Service:
                w.WritePrincipal(value switch
                {
                    CandidServiceValue sv => sv.Canister,
                    CandidPrincipalValue p => p.Value,
                    _ => throw Wrong(t, value),
                });
                return;
            case CandidKind.Func:
                if (value is not CandidFuncValue fn) throw Wrong(t, value);
                w.WriteByte(1);
                w.WritePrincipal(fn.Canister);
                w.WriteText(fn.Method);
                return;
            case CandidKind.Opt:
            {
                var inner = ((OptType)t).Inner;
                switch (value)
                {
                    case CandidOptValue { Value: null }:
                    case CandidPrimitiveValue { Kind: CandidKind.Null } when inner.Resolve().Kind != CandidKind.Null:
                        w.WriteByte(0);
                        return;
                    case CandidOptValue { Value: { } some }:
                        w.WriteByte(1);
                        Write(w, inner, some);
                        return;
                    default:
                        // A plain value at an opt type is written as present.
                        w.WriteByte(1);
                        Write(w, inner, value);
                        return;
                }
            }
            case CandidKind.Vec:
            {
                var element = ((VecType)t).Element;
                switch (value)
                {
                    case CandidBlobValue blob when element.Resolve().Kind == CandidKind.Nat8:
                        w.WriteBlob(blob.Bytes.Span);
                        return;
                    case CandidVecValue vec:
                        w.WriteLength(vec.Elements.Count);
                        for (int i = 0; i < vec.Elements.Count; i++)
                        {
                            try { Write(w, element, vec.Elements[i]); }
                            catch (CandidEncodeException e) { throw e.Within($"[{i}]"); }
                        }
                        return;
                    default:
                        throw Wrong(t, value);
                }
            }
            case CandidKind.Record:
            {
                if (value is not CandidRecordValue rec) throw Wrong(t, value);
                var fields = ((RecordType)t).Fields;
                foreach (var vf in rec.Fields)
                    if (((RecordType)t).FindField(vf.Label.Id) is null)
                        throw new CandidEncodeException($"the record type has no field '{vf.Label}'", "");
                foreach (var f in fields)
                {
                    var v = rec[f.Label];
                    if (v is null)
                    {
                        var ft = f.Type.Resolve().Kind;
                        if (ft == CandidKind.Opt) { w.WriteByte(0); continue; }
                        if (ft is CandidKind.Null or CandidKind.Reserved) continue;
                        throw new CandidEncodeException($"the record value has no field '{f.Label}'", "");
                    }
                    try { Write(w, f.Type, v); }
                    catch (CandidEncodeException e) { throw e.Within("." + f.Label); }
                }
                return;
            }
            case CandidKind.Variant:
            {
                if (value is not CandidVariantValue variant) throw Wrong(t, value);
                var vt = (VariantType)t;
                int index = vt.IndexOf(variant.Label.Id);
                if (index < 0) throw new CandidEncodeException($"the variant type has no alternative '{variant.Label}'", "");
                w.WriteUnsignedLeb128((ulong)index);
                try { Write(w, vt.Fields[index].Type, variant.Value); }
                catch (CandidEncodeException e) { throw e.Within("." + variant.Label); }
                return;
            }
            default:
                throw new CandidEncodeException($"cannot encode at type {t}", "");
        }
    }

    private static CandidEncodeException Wrong(CandidType t, CandidValue v) =>
        new($"expected a value of type {CandidTypePrinter.ForMessage(t)} but got {CandidValuePrinter.ForMessage(v)}", "");

    private static BigInteger Integer(CandidType t, CandidValue v) =>
        v is CandidPrimitiveValue p && p.Kind is CandidKind.Nat or CandidKind.Int or CandidKind.Nat8 or CandidKind.Nat16 or CandidKind.Nat32 or CandidKind.Nat64
            or CandidKind.Int8 or CandidKind.Int16 or CandidKind.Int32 or CandidKind.Int64
            ? p.AsBigInteger()
            : throw Wrong(t, v);

    private static BigInteger Ranged(CandidType t, CandidValue v, BigInteger min, BigInteger max)
    {
        var n = Integer(t, v);
        if (n < min || n > max) throw new CandidEncodeException($"{n} is out of range for {t.Kind.Keyword()}", "");
        return n;
    }

    private static double Float(CandidType t, CandidValue v) => v switch
    {
        CandidPrimitiveValue { Kind: CandidKind.Float32 or CandidKind.Float64 } p => p.AsDouble(),
        CandidPrimitiveValue p when p.Kind is CandidKind.Nat or CandidKind.Int => (double)p.AsBigInteger(),
        _ => throw Wrong(t, v),
    };
}
