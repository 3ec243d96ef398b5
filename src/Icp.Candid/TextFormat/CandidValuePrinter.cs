using System.Globalization;
using System.Text;

namespace Icp.Candid;

/// <summary>Prints values in the Candid text format, as <c>didc</c> does: numbers carry their type
/// annotation unless they are nat or int, blobs print as <c>blob "\xx..."</c>.</summary>
public static class CandidValuePrinter
{
    /// <summary>One value on one line.</summary>
    public static string Print(CandidValue value)
    {
        var sb = new StringBuilder();
        Append(sb, value);
        return sb.ToString();
    }

    /// <summary>An argument list: <c>(v1, v2)</c>.</summary>
    public static string PrintArguments(IEnumerable<CandidValue> values)
    {
        var sb = new StringBuilder("(");
        bool first = true;
        foreach (var v in values)
        {
            if (!first) sb.Append(", ");
            first = false;
            Append(sb, v);
        }
        return sb.Append(')').ToString();
    }

    /// <summary>Appends one value.</summary>
    public static void Append(StringBuilder sb, CandidValue value)
    {
        var inv = CultureInfo.InvariantCulture;
        switch (value)
        {
            case CandidPrimitiveValue p:
                switch (p.Kind)
                {
                    case CandidKind.Null: sb.Append("null"); break;
                    case CandidKind.Reserved: sb.Append("null : reserved"); break;
                    case CandidKind.Bool: sb.Append(p.AsBool() ? "true" : "false"); break;
                    case CandidKind.Nat or CandidKind.Int: sb.Append(p.AsBigInteger().ToString(inv)); break;
                    case CandidKind.Float32:
                        sb.Append(((float)p.AsDouble()).ToString("R", inv)).Append(" : float32"); break;
                    case CandidKind.Float64:
                        sb.Append(p.AsDouble().ToString("R", inv)).Append(" : float64"); break;
                    default:
                        sb.Append(p.AsBigInteger().ToString(inv)).Append(" : ").Append(p.Kind.Keyword()); break;
                }
                break;
            case CandidTextValue t:
                CandidIdentifiers.AppendQuoted(sb, t.Value);
                break;
            case CandidPrincipalValue pr:
                sb.Append("principal \"").Append(pr.Value).Append('"');
                break;
            case CandidOptValue o:
                if (o.Value is null) sb.Append("null");
                else { sb.Append("opt "); Append(sb, o.Value); }
                break;
            case CandidBlobValue b:
                sb.Append("blob \"");
                foreach (byte x in b.Bytes.Span) sb.Append('\\').Append(x.ToString("x2", inv));
                sb.Append('"');
                break;
            case CandidVecValue v:
                sb.Append("vec {");
                for (int i = 0; i < v.Elements.Count; i++)
                {
                    sb.Append(i == 0 ? " " : "; ");
                    Append(sb, v.Elements[i]);
                }
                sb.Append(v.Elements.Count == 0 ? "}" : " }");
                break;
            case CandidRecordValue r:
                sb.Append("record {");
                for (int i = 0; i < r.Fields.Count; i++)
                {
                    sb.Append(i == 0 ? " " : "; ").Append(CandidIdentifiers.Format(r.Fields[i].Label)).Append(" = ");
                    Append(sb, r.Fields[i].Value);
                }
                sb.Append(r.Fields.Count == 0 ? "}" : " }");
                break;
            case CandidVariantValue va:
                sb.Append("variant { ").Append(CandidIdentifiers.Format(va.Label));
                if (va.Value is not CandidPrimitiveValue { Kind: CandidKind.Null }) { sb.Append(" = "); Append(sb, va.Value); }
                sb.Append(" }");
                break;
            case CandidFuncValue f:
                sb.Append("func \"").Append(f.Canister).Append("\".").Append(CandidIdentifiers.Format(f.Method));
                break;
            case CandidServiceValue s:
                sb.Append("service \"").Append(s.Canister).Append('"');
                break;
            default:
                throw new ArgumentException($"unknown value node {value.GetType().Name}", nameof(value));
        }
    }
}
