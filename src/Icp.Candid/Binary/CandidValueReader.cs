
namespace Icp.Candid;

/// <summary>
/// Decodes values of a wire type into <see cref="CandidValue"/>s, either as the message states them or at an
/// expected type with the specification's coercions (subtyping, <c>opt</c> recovery, skipped fields).
/// Also skips values, checking them as it goes: a skipped value must still be well formed.
/// </summary>
internal static class CandidValueReader
{
    /// <summary>Reads a value of wire type <paramref name="w"/> at <paramref name="expected"/> (null: as the message states it).</summary>
    public static CandidValue Read(ref CandidReader r, CandidWireType w, CandidType? expected)
    {
        r.Charge(1);
        if (expected is null) return ReadAsIs(ref r, w);
        var e = expected.Resolve();
        switch (e.Kind)
        {
            case CandidKind.Reserved:
                Skip(ref r, w);
                return CandidValue.Reserved;
            case CandidKind.Opt:
                return ReadOpt(ref r, w, ((OptType)e).Inner);
        }
        if (w.Kind == CandidKind.Empty) throw r.Error("a value of type empty cannot occur");
        switch (e.Kind)
        {
            case CandidKind.Null:
                Expect(ref r, w, e);
                return CandidValue.Null;
            case CandidKind.Int when w.Kind == CandidKind.Nat:
                return CandidValue.Int(r.ReadNat());
            case CandidKind.Principal when w.Kind == CandidKind.Service:
                return CandidValue.Principal(r.ReadPrincipal());
            case CandidKind.Vec:
                Expect(ref r, w, e);
                return ReadVec(ref r, w, ((VecType)e).Element);
            case CandidKind.Record:
                Expect(ref r, w, e);
                return ReadRecord(ref r, w, (RecordType)e);
            case CandidKind.Variant:
                Expect(ref r, w, e);
                return ReadVariant(ref r, w, (VariantType)e);
            case CandidKind.Func:
            case CandidKind.Service:
                Expect(ref r, w, e);
                CheckReferenceSubtype(ref r, w, e);
                return ReadAsIs(ref r, w);
            default:
                Expect(ref r, w, e);
                return ReadAsIs(ref r, w);
        }
    }

    private static void Expect(ref CandidReader r, CandidWireType w, CandidType e)
    {
        if (w.Kind != e.Kind) throw r.Mismatch($"expected {Describe(e)} but the message has {w}");
    }

    private static string Describe(CandidType e) => e.Kind.IsPrimitive() ? e.Kind.Keyword() : CandidTypePrinter.ForMessage(e);

    // Function and service references decode only when the message's type is a subtype of the expected one.
    internal static void CheckReferenceSubtype(ref CandidReader r, CandidWireType w, CandidType e)
    {
        var checker = r.Context.Subtypes;
        long before = checker.Steps;
        bool ok = checker.IsSubtype(w.ToCandidType(), e, r.QuotaLeft);
        // Past the budget the check stops; charging its steps reports that.
        r.Charge(checker.Steps - before);
        if (!ok) throw r.Mismatch($"the message's {w} is not a subtype of the expected {Describe(e)}");
    }

    private static CandidValue ReadOpt(ref CandidReader r, CandidWireType w, CandidType inner)
    {
        switch (w.Kind)
        {
            case CandidKind.Null:
            case CandidKind.Reserved:
                return CandidValue.None;
            case CandidKind.Opt:
            {
                byte flag = r.ReadByte();
                if (flag == 0) return CandidValue.None;
                if (flag != 1) { r.Seek(r.Position - 1); throw r.Error($"an opt flag is 0 or 1, not {flag}"); }
                return ReadSomeOrNone(ref r, w.Inner!, inner);
            }
            case CandidKind.Empty:
                throw r.Error("a value of type empty cannot occur");
            default:
                // A plain value at an opt type is read as if it were "opt value".
                return ReadSomeOrNone(ref r, w, inner);
        }
    }

    // The specification's recovery rule: when the value does not decode at the constituent type, the
    // result is null, not failure. Malformed data stays an error: the value is skipped with full checks.
    private static CandidValue ReadSomeOrNone(ref CandidReader r, CandidWireType w, CandidType inner)
    {
        int start = r.Position;
        int depth = r.Depth;
        try
        {
            r.Enter();
            var v = Read(ref r, w, inner);
            r.Leave();
            return CandidValue.Some(v);
        }
        catch (CandidTypeMismatchException)
        {
            r.Seek(start);
            r.Depth = depth;
            Skip(ref r, w);
            return CandidValue.None;
        }
    }

    private static CandidValue ReadVec(ref CandidReader r, CandidWireType w, CandidType? element)
    {
        var inner = w.Inner!;
        int n = r.ReadLength(inner.IsZeroSized ? 0 : 1);
        r.Enter();
        CandidValue result;
        if (inner.Kind == CandidKind.Nat8 && (element is null || element.Resolve() is PrimitiveType { Kind: CandidKind.Nat8 }))
        {
            result = new CandidBlobValue(CopyOf(r.ReadBytes(n)));
        }
        else if (inner.IsZeroSized)
        {
            ChargeZeroSized(ref r, inner, n);
            // Every element of a zero-sized type is the same value: decode it once.
            result = n == 0 ? new CandidVecValue([]) : new CandidVecValue(new RepeatedList(Read(ref r, inner, element), n));
        }
        else
        {
            var items = new CandidValue[n];
            for (int i = 0; i < n; i++) items[i] = Read(ref r, inner, element);
            result = new CandidVecValue(items);
        }
        r.Leave();
        return result;
    }

    private static byte[] CopyOf(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty) return [];
        var copy = GC.AllocateUninitializedArray<byte>(bytes.Length);
        bytes.CopyTo(copy);
        return copy;
    }

    // A zero-sized record takes no bytes, so its size is not bounded by the input: a table of records that
    // each hold the next one twice describes a value of 2^n nodes in a few bytes. Its node count is known
    // from the table; when the budget cannot pay for them all, fail now instead of after building most.
    private static void CheckZeroSizedValue(ref CandidReader r, CandidWireType w)
    {
        if (w.ZeroSizedCost < 0) throw r.Error($"values of type {w} have no finite value");
        if (w.ZeroSizedCost > r.QuotaLeft) r.Charge(w.ZeroSizedCost);
    }

    private static void ChargeZeroSized(ref CandidReader r, CandidWireType inner, int n)
    {
        if (n == 0) return;
        if (inner.ZeroSizedCost < 0) throw r.Error($"vector elements of type {inner} have no finite value");
        r.Charge(inner.ZeroSizedCost > long.MaxValue / Math.Max(n, 1) ? long.MaxValue : inner.ZeroSizedCost * n);
    }

    private static CandidValue ReadRecord(ref CandidReader r, CandidWireType w, RecordType e)
    {
        if (w.IsZeroSized) CheckZeroSizedValue(ref r, w);
        r.Enter();
        var expected = e.FieldArray;
        var values = new CandidFieldValue[expected.Length];
        int j = 0;
        for (int i = 0; i < w.FieldIds.Length; i++)
        {
            uint id = w.FieldIds[i];
            while (j < expected.Length && expected[j].Label.Id < id)
            {
                values[j] = MissingField(ref r, expected[j]);
                j++;
            }
            if (j < expected.Length && expected[j].Label.Id == id)
            {
                values[j] = new CandidFieldValue(expected[j].Label, Read(ref r, w.FieldTypes[i], expected[j].Type));
                j++;
            }
            else Skip(ref r, w.FieldTypes[i]);
        }
        for (; j < expected.Length; j++) values[j] = MissingField(ref r, expected[j]);
        r.Leave();
        return new CandidRecordValue(values, true);
    }

    private static CandidFieldValue MissingField(ref CandidReader r, CandidField f)
    {
        var t = f.Type.Resolve();
        return t.Kind switch
        {
            CandidKind.Opt => new CandidFieldValue(f.Label, CandidValue.None),
            CandidKind.Null => new CandidFieldValue(f.Label, CandidValue.Null),
            CandidKind.Reserved => new CandidFieldValue(f.Label, CandidValue.Reserved),
            _ => throw r.Mismatch($"the record has no field '{f.Label}' of type {Describe(t)}"),
        };
    }

    private static CandidValue ReadVariant(ref CandidReader r, CandidWireType w, VariantType e)
    {
        int at = r.Position;
        ulong index = r.ReadUnsignedLeb128();
        if (index >= (ulong)w.FieldIds.Length) { r.Seek(at); throw r.Error($"variant index {index} is out of range (the type has {w.FieldIds.Length} alternatives)"); }
        uint id = w.FieldIds[index];
        var alt = e.FindField(id);
        if (alt is null) { r.Seek(at); throw r.Mismatch($"the expected variant has no alternative with id {id}"); }
        r.Enter();
        var v = Read(ref r, w.FieldTypes[index], alt.Type);
        r.Leave();
        return new CandidVariantValue(alt.Label, v);
    }

    /// <summary>Reads a value exactly as the message states it.</summary>
    public static CandidValue ReadAsIs(ref CandidReader r, CandidWireType w)
    {
        switch (w.Kind)
        {
            case CandidKind.Null: return CandidValue.Null;
            case CandidKind.Reserved: return CandidValue.Reserved;
            case CandidKind.Empty: throw r.Error("a value of type empty cannot occur");
            case CandidKind.Bool: return CandidValue.Bool(r.ReadBool());
            case CandidKind.Nat: return CandidValue.Nat(r.ReadNat());
            case CandidKind.Int: return CandidValue.Int(r.ReadInt());
            case CandidKind.Nat8: return CandidValue.Nat8(r.ReadByte());
            case CandidKind.Nat16: return CandidValue.Nat16(r.ReadUInt16());
            case CandidKind.Nat32: return CandidValue.Nat32(r.ReadUInt32());
            case CandidKind.Nat64: return CandidValue.Nat64(r.ReadUInt64());
            case CandidKind.Int8: return CandidValue.Int8(unchecked((sbyte)r.ReadByte()));
            case CandidKind.Int16: return CandidValue.Int16(unchecked((short)r.ReadUInt16()));
            case CandidKind.Int32: return CandidValue.Int32(unchecked((int)r.ReadUInt32()));
            case CandidKind.Int64: return CandidValue.Int64(unchecked((long)r.ReadUInt64()));
            case CandidKind.Float32: return CandidValue.Float32(BitConverter.UInt32BitsToSingle(r.ReadUInt32()));
            case CandidKind.Float64: return CandidValue.Float64(BitConverter.UInt64BitsToDouble(r.ReadUInt64()));
            case CandidKind.Text: return CandidValue.Text(r.ReadText());
            case CandidKind.Principal: return CandidValue.Principal(r.ReadPrincipal());
            case CandidKind.Opt:
            {
                byte flag = r.ReadByte();
                if (flag == 0) return CandidValue.None;
                if (flag != 1) { r.Seek(r.Position - 1); throw r.Error($"an opt flag is 0 or 1, not {flag}"); }
                r.Enter();
                var v = Read(ref r, w.Inner!, null);
                r.Leave();
                return CandidValue.Some(v);
            }
            case CandidKind.Vec:
                return ReadVec(ref r, w, null);
            case CandidKind.Record:
            {
                if (w.IsZeroSized) CheckZeroSizedValue(ref r, w);
                r.Enter();
                var fields = new CandidFieldValue[w.FieldIds.Length];
                for (int i = 0; i < fields.Length; i++) fields[i] = new CandidFieldValue(CandidLabel.FromId(w.FieldIds[i]), Read(ref r, w.FieldTypes[i], null));
                r.Leave();
                return new CandidRecordValue(fields, true);
            }
            case CandidKind.Variant:
            {
                int at = r.Position;
                ulong index = r.ReadUnsignedLeb128();
                if (index >= (ulong)w.FieldIds.Length) { r.Seek(at); throw r.Error($"variant index {index} is out of range (the type has {w.FieldIds.Length} alternatives)"); }
                r.Enter();
                var v = Read(ref r, w.FieldTypes[index], null);
                r.Leave();
                return new CandidVariantValue(CandidLabel.FromId(w.FieldIds[index]), v);
            }
            case CandidKind.Func:
            {
                ReadReferenceFlag(ref r, "function");
                var p = r.ReadPrincipal();
                return CandidValue.Func(p, r.ReadText());
            }
            case CandidKind.Service:
                return CandidValue.Service(r.ReadPrincipal());
            case CandidKind.Future:
                // A value of a type this decoder does not know: skipped, seen as reserved.
                Skip(ref r, w);
                return CandidValue.Reserved;
            default:
                throw r.Error($"unexpected type {w}");
        }
    }

    internal static void ReadReferenceFlag(ref CandidReader r, string what)
    {
        byte flag = r.ReadByte();
        if (flag == 1) return;
        r.Seek(r.Position - 1);
        throw r.Error(flag == 0 ? $"opaque {what} references are not supported (flag 0)" : $"a reference flag is 0 or 1, not {flag}");
    }

    /// <summary>Skips a value of wire type <paramref name="w"/>, checking that it is well formed.</summary>
    public static void Skip(ref CandidReader r, CandidWireType w)
    {
        r.Charge(1);
        switch (w.Kind)
        {
            case CandidKind.Null:
            case CandidKind.Reserved:
                return;
            case CandidKind.Empty:
                throw r.Error("a value of type empty cannot occur");
            case CandidKind.Bool:
                r.ReadBool();
                return;
            case CandidKind.Nat:
            case CandidKind.Int:
                SkipLeb(ref r);
                return;
            case CandidKind.Nat8 or CandidKind.Int8:
                r.Skip(1);
                return;
            case CandidKind.Nat16 or CandidKind.Int16:
                r.Skip(2);
                return;
            case CandidKind.Nat32 or CandidKind.Int32 or CandidKind.Float32:
                r.Skip(4);
                return;
            case CandidKind.Nat64 or CandidKind.Int64 or CandidKind.Float64:
                r.Skip(8);
                return;
            case CandidKind.Text:
                r.SkipText();
                return;
            case CandidKind.Principal:
            case CandidKind.Service:
                r.ReadPrincipalBytes();
                return;
            case CandidKind.Func:
                ReadReferenceFlag(ref r, "function");
                r.ReadPrincipalBytes();
                r.SkipText();
                return;
            case CandidKind.Opt:
            {
                byte flag = r.ReadByte();
                if (flag == 0) return;
                if (flag != 1) { r.Seek(r.Position - 1); throw r.Error($"an opt flag is 0 or 1, not {flag}"); }
                r.Enter();
                Skip(ref r, w.Inner!);
                r.Leave();
                return;
            }
            case CandidKind.Vec:
            {
                var inner = w.Inner!;
                int n = r.ReadLength(inner.IsZeroSized ? 0 : 1);
                if (inner.IsZeroSized) { ChargeZeroSized(ref r, inner, n); return; }
                int size = FixedSize(inner.Kind);
                if (size > 0)
                {
                    if ((long)n * size > r.Remaining) throw r.Error($"vector of {n} elements of {size} bytes does not fit in the {r.Remaining} bytes left");
                    r.Skip(n * size);
                    return;
                }
                r.Enter();
                for (int i = 0; i < n; i++) Skip(ref r, inner);
                r.Leave();
                return;
            }
            case CandidKind.Record:
                if (w.IsZeroSized) CheckZeroSizedValue(ref r, w);
                r.Enter();
                foreach (var f in w.FieldTypes) Skip(ref r, f);
                r.Leave();
                return;
            case CandidKind.Variant:
            {
                int at = r.Position;
                ulong index = r.ReadUnsignedLeb128();
                if (index >= (ulong)w.FieldIds.Length) { r.Seek(at); throw r.Error($"variant index {index} is out of range (the type has {w.FieldIds.Length} alternatives)"); }
                r.Enter();
                Skip(ref r, w.FieldTypes[index]);
                r.Leave();
                return;
            }
            case CandidKind.Future:
            {
                // A future value: its byte length, its reference count (we carry no references), its bytes.
                int length = r.ReadLength();
                int at = r.Position;
                if (r.ReadUnsignedLeb128() != 0) { r.Seek(at); throw r.Error("a future value with references is not supported"); }
                r.Skip(length);
                return;
            }
            default:
                throw r.Error($"unexpected type {w}");
        }
    }

    private static void SkipLeb(ref CandidReader r)
    {
        int max = r.Options.MaxBigIntegerBytes;
        for (int i = 0; ; i++)
        {
            if (i >= max) throw r.Error($"number longer than {max} bytes");
            if (r.ReadByte() < 0x80) return;
        }
    }

    /// <summary>Bytes per value of a fixed-size kind that has no invalid encodings; 0 for others.</summary>
    internal static int FixedSize(CandidKind k) => k switch
    {
        CandidKind.Nat8 or CandidKind.Int8 => 1,
        CandidKind.Nat16 or CandidKind.Int16 => 2,
        CandidKind.Nat32 or CandidKind.Int32 or CandidKind.Float32 => 4,
        CandidKind.Nat64 or CandidKind.Int64 or CandidKind.Float64 => 8,
        _ => 0,
    };

    /// <summary>A read-only list of one value repeated: vectors of zero-sized elements cost no memory per element.</summary>
    private sealed class RepeatedList(CandidValue value, int count) : IReadOnlyList<CandidValue>
    {
        public CandidValue this[int index] => (uint)index < (uint)count ? value : throw new ArgumentOutOfRangeException(nameof(index));
        public int Count => count;
        public IEnumerator<CandidValue> GetEnumerator()
        {
            for (int i = 0; i < count; i++) yield return value;
        }
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

}
