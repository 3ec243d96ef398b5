using System.Globalization;
using System.Text;

namespace Icp.Candid;

/// <summary>
/// Prints values in the Candid text format as <c>didc</c> does: numbers carry a type annotation unless
/// they are <c>int</c> (the type an unannotated number reads as), digits are grouped with '_', blobs print as
/// <c>blob "..."</c> with printable ASCII kept. Long values can be laid out over several lines. The output
/// parses back (with <see cref="CandidValueParser"/>, at the same type when one was given) to an equal value.
/// </summary>
public static class CandidValuePrinter
{
    private const int Width = 80;

    /// <summary>The value on one line.</summary>
    public static string Print(CandidValue value) => Print(value, indent: false);

    /// <summary>The value; with <paramref name="indent"/>, parts that do not fit in 80 columns go on their own indented lines.</summary>
    public static string Print(CandidValue value, bool indent) => Render(Doc(value, null).Doc, indent);

    /// <summary>
    /// The value as a value of <paramref name="type"/>: record fields and variant alternatives take their
    /// names from the type when the value has only their ids, and a none prints as plain <c>null</c>.
    /// </summary>
    public static string Print(CandidValue value, CandidType type, bool indent = false) => Render(Doc(value, type).Doc, indent);

    /// <summary>An argument list <c>(v1, v2)</c>.</summary>
    public static string PrintArguments(IEnumerable<CandidValue> values, bool indent = false) =>
        Render(Arguments(values.Select(v => Doc(v, null).Doc)), indent);

    /// <summary>An argument list printed at its types (see <see cref="Print(CandidValue, CandidType, bool)"/>).</summary>
    /// <exception cref="ArgumentException">The counts of values and types differ.</exception>
    public static string PrintArguments(IReadOnlyList<CandidValue> values, IReadOnlyList<CandidType> types, bool indent = false)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(types);
        if (values.Count != types.Count) throw new ArgumentException($"{values.Count} values but {types.Count} types", nameof(types));
        return Render(Arguments(values.Select((v, i) => Doc(v, types[i]).Doc)), indent);
    }

    /// <summary>Appends the value on one line.</summary>
    public static void Append(StringBuilder sb, CandidValue value)
    {
        ArgumentNullException.ThrowIfNull(sb);
        sb.Append(Print(value));
    }

    private static string Render(PrettyDoc doc, bool indent) => doc.Render(indent ? Width : int.MaxValue / 2);

    private static PrettyDoc Arguments(IEnumerable<PrettyDoc> docs) => PrettyDoc.Enclose("(", PrettyDoc.Concat(docs, ","), ")", space: false);

    /// <summary>The document of a value, and whether it ends in a type annotation (then it needs parentheses after <c>opt</c>).</summary>
    private static (PrettyDoc Doc, bool Annotated) Doc(CandidValue value, CandidType? type)
    {
        ArgumentNullException.ThrowIfNull(value);
        var t = type?.Resolve();
        switch (value)
        {
            case CandidPrimitiveValue p:
                return Primitive(p);
            case CandidTextValue s:
                return (PrettyDoc.Text(CandidIdentifiers.Quote(s.Value)), false);
            case CandidPrincipalValue pr:
                return (PrettyDoc.Text($"principal \"{pr.Value}\""), false);
            case CandidServiceValue sv:
                return (PrettyDoc.Text($"service \"{sv.Canister}\""), false);
            case CandidFuncValue f:
                return (PrettyDoc.Text($"func \"{f.Canister}\".{CandidIdentifiers.Format(f.Method)}"), false);
            case CandidOptValue { Value: null }:
                // Plain 'null' reads back as none only at an opt type; without one, say so.
                return t is OptType ? (PrettyDoc.Text("null"), false) : (PrettyDoc.Text("null : opt empty"), true);
            case CandidOptValue { Value: { } inner }:
            {
                var (doc, annotated) = Doc(inner, (t as OptType)?.Inner);
                return (PrettyDoc.Keyword("opt").Append(annotated ? PrettyDoc.Text("(").Append(doc).Append(")") : doc), false);
            }
            case CandidBlobValue b:
                return (Blob(b.Bytes.Span), false);
            case CandidVecValue v when v.Elements.Count > 0 && v.Elements.All(e => e is CandidPrimitiveValue { Kind: CandidKind.Nat8 }):
                return (Blob(v.Elements.Select(e => (byte)((CandidPrimitiveValue)e).Bits).ToArray()), false);
            case CandidVecValue v:
            {
                var element = (t as VecType)?.Element;
                return (PrettyDoc.Keyword("vec").Append(PrettyDoc.Enclose("{", PrettyDoc.Concat(v.Elements.Select(e => Doc(e, element).Doc), ";"), "}", space: true)), false);
            }
            case CandidRecordValue r:
                return (Record(r, t as RecordType), false);
            case CandidVariantValue va:
            {
                var field = (t as VariantType)?.FindField(va.Label);
                var label = PrettyDoc.Text(LabelText(va.Label, field));
                var body = va.Value is CandidPrimitiveValue { Kind: CandidKind.Null } ? label : label.Append(" = ").Append(Doc(va.Value, field?.Type).Doc);
                return (PrettyDoc.Keyword("variant").Append(PrettyDoc.Enclose("{", body, "}", space: true)), false);
            }
            default:
                throw new ArgumentException($"unknown value node {value.GetType().Name}", nameof(value));
        }
    }

    private static PrettyDoc Record(CandidRecordValue r, RecordType? type)
    {
        bool tuple = r.Fields.Count > 0;
        for (int i = 0; i < r.Fields.Count && tuple; i++)
            tuple = r.Fields[i].Label.Id == (uint)i && !r.Fields[i].Label.IsNamed && type?.FindField((uint)i)?.Label.IsNamed != true;
        var items = r.Fields.Select(f =>
        {
            var field = type?.FindField(f.Label);
            var doc = Doc(f.Value, field?.Type).Doc;
            return tuple ? doc : PrettyDoc.Text(LabelText(f.Label, field)).Append(" = ").Append(doc);
        });
        return PrettyDoc.Keyword("record").Append(PrettyDoc.Enclose("{", PrettyDoc.Concat(items, ";"), "}", space: true));
    }

    private static string LabelText(CandidLabel label, CandidField? field) =>
        CandidNumberText.Label(label.IsNamed || field is null ? label : field.Label);

    private static (PrettyDoc, bool) Primitive(CandidPrimitiveValue p)
    {
        var inv = CultureInfo.InvariantCulture;
        string text = p.Kind switch
        {
            CandidKind.Null => "null",
            CandidKind.Reserved => "null : reserved",
            CandidKind.Bool => p.AsBool() ? "true" : "false",
            // int is what an unannotated number reads as, so it needs no annotation.
            CandidKind.Int => CandidNumberText.Group(p.AsBigInteger().ToString(inv)),
            CandidKind.Float32 => Float(((float)p.AsDouble()).ToString("R", inv)) + " : float32",
            CandidKind.Float64 => Float(p.AsDouble().ToString("R", inv)) + " : float64",
            _ => CandidNumberText.Group(p.AsBigInteger().ToString(inv)) + " : " + p.Kind.Keyword(),
        };
        return (PrettyDoc.Text(text), p.Kind is not (CandidKind.Null or CandidKind.Bool or CandidKind.Int));
    }

    /// <summary>A float must read back as a float, so an integral one gets a fraction: <c>3.0</c>.</summary>
    private static string Float(string s) => s.AsSpan().IndexOfAny(".EeNI") >= 0 ? s : s + ".0";

    /// <summary><c>blob "..."</c>: printable ASCII as is (but quotes, backquote and backslash), other bytes as <c>\xx</c>.</summary>
    private static PrettyDoc Blob(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder("blob \"", bytes.Length + 8);
        foreach (byte b in bytes)
        {
            if (b is >= 0x20 and <= 0x7e && b is not ((byte)'"' or (byte)'\'' or (byte)'`' or (byte)'\\')) sb.Append((char)b);
            else sb.Append('\\').Append(b.ToString("x2", CultureInfo.InvariantCulture));
        }
        return PrettyDoc.Text(sb.Append('"').ToString());
    }
}
