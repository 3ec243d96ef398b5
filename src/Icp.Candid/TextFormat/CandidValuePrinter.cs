using System.Globalization;
using System.Text;

namespace Icp.Candid;

/// <summary>
/// Prints values in the Candid text format as <c>didc</c> does: numbers carry a type annotation unless
/// they are <c>int</c> (the type an unannotated number reads as), digits are grouped with '_', blobs print as
/// <c>blob "..."</c> with printable ASCII kept. Long values can be laid out over several lines. The output
/// parses back (with <see cref="CandidValueParser"/>, at the same type when one was given) to an equal value.
/// </summary>
/// <remarks>
/// A decoded value can print far larger than the message it came from (a <c>vec</c> of millions of
/// <c>record {}</c> takes a few bytes), so every method takes a <c>maxLength</c>: past it, printing stops
/// with a <see cref="CandidOutputLimitException"/> after work and memory proportional to the limit. On one
/// line the text is written straight out; laid out over lines it goes through a layout document first.
/// </remarks>
public static class CandidValuePrinter
{
    private const int Width = 80;

    /// <summary>The most characters a value takes in an error message; longer ones are cut and end in '…'.</summary>
    internal const int MessageLength = 256;

    /// <summary>The value on one line.</summary>
    /// <exception cref="CandidOutputLimitException">The text would be longer than <paramref name="maxLength"/> characters.</exception>
    public static string Print(CandidValue value, int maxLength = int.MaxValue) => Print(value, indent: false, maxLength);

    /// <summary>The value; with <paramref name="indent"/>, parts that do not fit in 80 columns go on their own indented lines.</summary>
    /// <exception cref="CandidOutputLimitException">The text would be longer than <paramref name="maxLength"/> characters.</exception>
    public static string Print(CandidValue value, bool indent, int maxLength = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Render([value], null, indent, arguments: false, new OutputLimit(maxLength, truncate: false));
    }

    /// <summary>
    /// The value as a value of <paramref name="type"/>: record fields and variant alternatives take their
    /// names from the type when the value has only their ids, and a none prints as plain <c>null</c>.
    /// </summary>
    /// <exception cref="CandidOutputLimitException">The text would be longer than <paramref name="maxLength"/> characters.</exception>
    public static string Print(CandidValue value, CandidType type, bool indent = false, int maxLength = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(type);
        return Render([value], [type], indent, arguments: false, new OutputLimit(maxLength, truncate: false));
    }

    /// <summary>An argument list <c>(v1, v2)</c>.</summary>
    /// <exception cref="CandidOutputLimitException">The text would be longer than <paramref name="maxLength"/> characters.</exception>
    public static string PrintArguments(IEnumerable<CandidValue> values, bool indent = false, int maxLength = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(values);
        return Render(values.ToArray(), null, indent, arguments: true, new OutputLimit(maxLength, truncate: false));
    }

    /// <summary>An argument list printed at its types (see <see cref="Print(CandidValue, CandidType, bool, int)"/>).</summary>
    /// <exception cref="ArgumentException">The counts of values and types differ.</exception>
    /// <exception cref="CandidOutputLimitException">The text would be longer than <paramref name="maxLength"/> characters.</exception>
    public static string PrintArguments(IReadOnlyList<CandidValue> values, IReadOnlyList<CandidType> types, bool indent = false, int maxLength = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(types);
        if (values.Count != types.Count) throw new ArgumentException($"{values.Count} values but {types.Count} types", nameof(types));
        return Render(values, types, indent, arguments: true, new OutputLimit(maxLength, truncate: false));
    }

    /// <summary>Appends the value on one line.</summary>
    public static void Append(StringBuilder sb, CandidValue value)
    {
        ArgumentNullException.ThrowIfNull(sb);
        ArgumentNullException.ThrowIfNull(value);
        var limit = new OutputLimit(int.MaxValue, truncate: false);
        limit.Start(sb);
        WriteFlat(sb, value, null, limit);
    }

    /// <summary>The value on one line for an error message: at most <see cref="MessageLength"/> characters, then '…'.</summary>
    internal static string ForMessage(CandidValue value) =>
        Render([value], null, indent: false, arguments: false, new OutputLimit(MessageLength, truncate: true));

    private static string Render(IReadOnlyList<CandidValue> values, IReadOnlyList<CandidType>? types, bool indent, bool arguments, OutputLimit limit)
    {
        if (indent)
        {
            var doc = arguments
                ? Arguments(values.Select((v, i) => Doc(v, types?[i], limit).Doc))
                : Doc(values[0], types?[0], limit).Doc;
            return doc.Render(Width, limit.Max) ?? throw limit.Exceeded();
        }
        var sb = new StringBuilder();
        limit.Start(sb);
        try
        {
            if (!arguments)
            {
                WriteFlat(sb, values[0], types?[0], limit);
            }
            else
            {
                sb.Append('(');
                for (int i = 0; i < values.Count; i++)
                {
                    if (i > 0) sb.Append(", ");
                    WriteFlat(sb, values[i], types?[i], limit);
                }
                sb.Append(')');
            }
            limit.Check(sb);
        }
        catch (OutputLimit.StopPrinting)
        {
            sb.Length = (int)Math.Min(sb.Length, limit.Max);
            sb.Append('…');
        }
        return sb.ToString();
    }

    private static PrettyDoc Arguments(IEnumerable<PrettyDoc> docs) => PrettyDoc.Enclose("(", PrettyDoc.Concat(docs, ","), ")", space: false);

    /// <summary>Writes the value on one line, as the layout document of <see cref="Doc"/> renders flat; returns
    /// whether it ends in a type annotation (then it needs parentheses after <c>opt</c>).</summary>
    private static bool WriteFlat(StringBuilder sb, CandidValue value, CandidType? type, OutputLimit limit)
    {
        ArgumentNullException.ThrowIfNull(value);
        limit.Check(sb);
        var t = type?.Resolve();
        switch (value)
        {
            case CandidPrimitiveValue p:
            {
                var (text, annotated) = PrimitiveText(p);
                sb.Append(text);
                return annotated;
            }
            case CandidTextValue s:
                CandidIdentifiers.AppendQuoted(sb, s.Value);
                return false;
            case CandidPrincipalValue pr:
                sb.Append("principal \"").Append(pr.Value.ToString()).Append('"');
                return false;
            case CandidServiceValue sv:
                sb.Append("service \"").Append(sv.Canister.ToString()).Append('"');
                return false;
            case CandidFuncValue f:
                sb.Append("func \"").Append(f.Canister.ToString()).Append("\".").Append(CandidIdentifiers.Format(f.Method));
                return false;
            case CandidOptValue { Value: null }:
                // Plain 'null' reads back as none only at an opt type; without one, say so.
                sb.Append(t is OptType ? "null" : "null : opt empty");
                return t is not OptType;
            case CandidOptValue { Value: { } inner }:
            {
                sb.Append("opt ");
                int at = sb.Length;
                if (WriteFlat(sb, inner, (t as OptType)?.Inner, limit))
                {
                    // Annotated values are short (a number, or null : opt empty): moving them is cheap.
                    sb.Insert(at, '(').Append(')');
                }
                return false;
            }
            case CandidBlobValue b:
                AppendBlob(sb, b.Bytes.Span);
                return false;
            case CandidVecValue v when IsBytes(v):
                AppendBlob(sb, v.Elements.Select(e => (byte)((CandidPrimitiveValue)e).Bits).ToArray());
                return false;
            case CandidVecValue v:
            {
                var element = (t as VecType)?.Element;
                sb.Append(v.Elements.Count == 0 ? "vec {}" : "vec { ");
                if (v.Elements.Count == 0) return false;
                for (int i = 0; i < v.Elements.Count; i++)
                {
                    if (i > 0) sb.Append("; ");
                    WriteFlat(sb, v.Elements[i], element, limit);
                }
                sb.Append(" }");
                return false;
            }
            case CandidRecordValue r:
            {
                var type2 = t as RecordType;
                sb.Append(r.Fields.Count == 0 ? "record {}" : "record { ");
                if (r.Fields.Count == 0) return false;
                bool tuple = IsTuple(r, type2);
                for (int i = 0; i < r.Fields.Count; i++)
                {
                    var f = r.Fields[i];
                    var field = type2?.FindField(f.Label);
                    if (i > 0) sb.Append("; ");
                    if (!tuple) sb.Append(LabelText(f.Label, field)).Append(" = ");
                    WriteFlat(sb, f.Value, field?.Type, limit);
                }
                sb.Append(" }");
                return false;
            }
            case CandidVariantValue va:
            {
                var field = (t as VariantType)?.FindField(va.Label);
                sb.Append("variant { ").Append(LabelText(va.Label, field));
                if (va.Value is not CandidPrimitiveValue { Kind: CandidKind.Null })
                {
                    sb.Append(" = ");
                    WriteFlat(sb, va.Value, field?.Type, limit);
                }
                sb.Append(" }");
                return false;
            }
            default:
                throw new ArgumentException($"unknown value node {value.GetType().Name}", nameof(value));
        }
    }

    private static bool IsBytes(CandidVecValue v) => v.Elements.Count > 0 && v.Elements.All(e => e is CandidPrimitiveValue { Kind: CandidKind.Nat8 });

    private static bool IsTuple(CandidRecordValue r, RecordType? type)
    {
        bool tuple = r.Fields.Count > 0;
        for (int i = 0; i < r.Fields.Count && tuple; i++)
            tuple = r.Fields[i].Label.Id == (uint)i && !r.Fields[i].Label.IsNamed && type?.FindField((uint)i)?.Label.IsNamed != true;
        return tuple;
    }

    /// <summary>The output limit: where the text must end, and whether to cut it there (messages) or fail.</summary>
    private sealed class OutputLimit(int maxLength, bool truncate)
    {
        private long _end = maxLength;
        private long _charged;

        public long Max { get; } = maxLength >= 0 ? maxLength : throw new ArgumentOutOfRangeException(nameof(maxLength), maxLength, "the limit cannot be negative");

        public void Start(StringBuilder sb) => _end = sb.Length + (long)Max;

        public void Check(StringBuilder sb)
        {
            if (sb.Length > _end) throw truncate ? new StopPrinting() : Exceeded();
        }

        /// <summary>Counts text that a layout document will hold: it is at least as long as those texts.</summary>
        public void Charge(int characters)
        {
            _charged += characters;
            if (_charged > Max) throw Exceeded();
        }

        public CandidOutputLimitException Exceeded() => new(Max);

        /// <summary>Unwinds a truncated print; never escapes the printer.</summary>
        public sealed class StopPrinting : Exception;
    }

    /// <summary>The document of a value, and whether it ends in a type annotation (then it needs parentheses after <c>opt</c>).</summary>
    private static (PrettyDoc Doc, bool Annotated) Doc(CandidValue value, CandidType? type, OutputLimit limit)
    {
        ArgumentNullException.ThrowIfNull(value);
        // Each value costs at least its separator; leaves cost their text, containers their keyword and braces:
        // no more than the text will have, so a value that fits is never refused.
        limit.Charge(2);
        var t = type?.Resolve();
        switch (value)
        {
            case CandidPrimitiveValue p:
            {
                var (text, annotated) = PrimitiveText(p);
                return (Leaf(text, limit), annotated);
            }
            case CandidTextValue s:
                return (Leaf(CandidIdentifiers.Quote(s.Value), limit), false);
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
                limit.Charge(4);
                var (doc, annotated) = Doc(inner, (t as OptType)?.Inner, limit);
                return (PrettyDoc.Keyword("opt").Append(annotated ? PrettyDoc.Text("(").Append(doc).Append(")") : doc), false);
            }
            case CandidBlobValue b:
                return (Leaf(AppendBlob(new StringBuilder(), b.Bytes.Span).ToString(), limit), false);
            case CandidVecValue v when IsBytes(v):
                return (Leaf(AppendBlob(new StringBuilder(), v.Elements.Select(e => (byte)((CandidPrimitiveValue)e).Bits).ToArray()).ToString(), limit), false);
            case CandidVecValue v:
            {
                limit.Charge(6);
                var element = (t as VecType)?.Element;
                return (PrettyDoc.Keyword("vec").Append(PrettyDoc.Enclose("{", PrettyDoc.Concat(v.Elements.Select(e => Doc(e, element, limit).Doc), ";"), "}", space: true)), false);
            }
            case CandidRecordValue r:
                limit.Charge(9);
                return (Record(r, t as RecordType, limit), false);
            case CandidVariantValue va:
            {
                limit.Charge(12);
                var field = (t as VariantType)?.FindField(va.Label);
                var label = PrettyDoc.Text(LabelText(va.Label, field));
                var body = va.Value is CandidPrimitiveValue { Kind: CandidKind.Null } ? label : label.Append(" = ").Append(Doc(va.Value, field?.Type, limit).Doc);
                return (PrettyDoc.Keyword("variant").Append(PrettyDoc.Enclose("{", body, "}", space: true)), false);
            }
            default:
                throw new ArgumentException($"unknown value node {value.GetType().Name}", nameof(value));
        }
    }

    private static PrettyDoc Record(CandidRecordValue r, RecordType? type, OutputLimit limit)
    {
        bool tuple = IsTuple(r, type);
        var items = r.Fields.Select(f =>
        {
            var field = type?.FindField(f.Label);
            var doc = Doc(f.Value, field?.Type, limit).Doc;
            return tuple ? doc : PrettyDoc.Text(LabelText(f.Label, field)).Append(" = ").Append(doc);
        });
        return PrettyDoc.Keyword("record").Append(PrettyDoc.Enclose("{", PrettyDoc.Concat(items, ";"), "}", space: true));
    }

    private static string LabelText(CandidLabel label, CandidField? field) =>
        CandidNumberText.Label(label.IsNamed || field is null ? label : field.Label);

    private static PrettyDoc Leaf(string text, OutputLimit limit)
    {
        limit.Charge(text.Length);
        return PrettyDoc.Text(text);
    }

    /// <summary>A primitive value's text, and whether it ends in a type annotation.</summary>
    private static (string Text, bool Annotated) PrimitiveText(CandidPrimitiveValue p)
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
        return (text, p.Kind is not (CandidKind.Null or CandidKind.Bool or CandidKind.Int));
    }

    /// <summary>A float must read back as a float, so an integral one gets a fraction: <c>3.0</c>.</summary>
    private static string Float(string s) => s.AsSpan().IndexOfAny(".EeNI") >= 0 ? s : s + ".0";

    /// <summary><c>blob "..."</c>: printable ASCII as is (but quotes, backquote and backslash), other bytes as <c>\xx</c>.</summary>
    private static StringBuilder AppendBlob(StringBuilder sb, ReadOnlySpan<byte> bytes)
    {
        sb.Append("blob \"");
        foreach (byte b in bytes)
        {
            if (b is >= 0x20 and <= 0x7e && b is not ((byte)'"' or (byte)'\'' or (byte)'`' or (byte)'\\')) sb.Append((char)b);
            else sb.Append('\\').Append(b.ToString("x2", CultureInfo.InvariantCulture));
        }
        return sb.Append('"');
    }
}
