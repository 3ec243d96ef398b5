using System.Text;

namespace Icp.Candid;

/// <summary>Prints a type in the Candid language on one line; references print as their names.</summary>
public static class CandidTypePrinter
{
    /// <summary>The type as Candid source, e.g. <c>record { amount : nat; memo : opt blob }</c>.</summary>
    public static string Print(CandidType type)
    {
        var sb = new StringBuilder();
        Append(sb, type);
        return sb.ToString();
    }

    /// <summary>An argument list as Candid source, e.g. <c>(nat, text)</c>.</summary>
    public static string PrintArguments(IEnumerable<CandidType> types)
    {
        var sb = new StringBuilder();
        AppendParameters(sb, types.Select(t => new CandidParameter(t)));
        return sb.ToString();
    }

    /// <summary>Appends the type's Candid source.</summary>
    public static void Append(StringBuilder sb, CandidType type)
    {
        switch (type)
        {
            case CandidTypeReference r:
                sb.Append(CandidIdentifiers.Format(r.Name));
                break;
            case PrimitiveType p:
                sb.Append(p.Kind.Keyword());
                break;
            case OptType o:
                sb.Append("opt ");
                Append(sb, o.Inner);
                break;
            case VecType v when v.Element is PrimitiveType { Kind: CandidKind.Nat8 }:
                sb.Append("blob");
                break;
            case VecType v:
                sb.Append("vec ");
                Append(sb, v.Element);
                break;
            case RecordType rec:
                AppendFields(sb, "record", rec, rec.IsTuple);
                break;
            case VariantType variant:
                AppendFields(sb, "variant", variant, tuple: false);
                break;
            case FutureType:
                sb.Append("future");
                break;
            case FuncType f:
                sb.Append("func ");
                AppendSignature(sb, f);
                break;
            case ServiceType s:
                sb.Append("service {");
                for (int i = 0; i < s.Methods.Count; i++)
                {
                    var m = s.Methods[i];
                    sb.Append(i == 0 ? " " : "; ").Append(CandidIdentifiers.Format(m.Name)).Append(" : ");
                    if (m.Type is FuncType mf) AppendSignature(sb, mf); else Append(sb, m.Type);
                }
                sb.Append(s.Methods.Count == 0 ? "}" : " }");
                break;
            default:
                throw new ArgumentException($"unknown type node {type.GetType().Name}", nameof(type));
        }
    }

    /// <summary>Appends <c>(args) -> (results) modes</c>.</summary>
    public static void AppendSignature(StringBuilder sb, FuncType f)
    {
        AppendParameters(sb, f.Arguments);
        sb.Append(" -> ");
        AppendParameters(sb, f.Results);
        if ((f.Modes & FuncModes.Query) != 0) sb.Append(" query");
        if ((f.Modes & FuncModes.CompositeQuery) != 0) sb.Append(" composite_query");
        if ((f.Modes & FuncModes.Oneway) != 0) sb.Append(" oneway");
    }

    private static void AppendParameters(StringBuilder sb, IEnumerable<CandidParameter> parameters)
    {
        sb.Append('(');
        bool first = true;
        foreach (var p in parameters)
        {
            if (!first) sb.Append(", ");
            first = false;
            if (p.Name is { } n) sb.Append(CandidIdentifiers.Format(n)).Append(" : ");
            Append(sb, p.Type);
        }
        sb.Append(')');
    }

    private static void AppendFields(StringBuilder sb, string keyword, FieldListType type, bool tuple)
    {
        sb.Append(keyword).Append(" {");
        var fields = type.Fields;
        for (int i = 0; i < fields.Count; i++)
        {
            var f = fields[i];
            sb.Append(i == 0 ? " " : "; ");
            if (tuple)
            {
                Append(sb, f.Type);
                continue;
            }
            sb.Append(CandidIdentifiers.Format(f.Label));
            // A variant alternative of type null is written without a type.
            if (type is VariantType && f.Type is PrimitiveType { Kind: CandidKind.Null }) continue;
            sb.Append(" : ");
            Append(sb, f.Type);
        }
        sb.Append(fields.Count == 0 ? "}" : " }");
    }
}
