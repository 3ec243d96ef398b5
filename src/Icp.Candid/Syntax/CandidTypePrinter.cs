using System.Text;

namespace Icp.Candid;

/// <summary>Prints a type in the Candid language on one line; references print as their names.</summary>
/// <remarks>
/// The printer keeps its own work stack instead of recursing, so a type nested thousands of levels deep
/// prints without exhausting the thread's stack. Error messages print with a length cap
/// (<see cref="MessageLength"/>): a type shared many times in a graph prints as a tree, which can be
/// exponentially larger than the graph.
/// </remarks>
public static class CandidTypePrinter
{
    /// <summary>The most characters a type takes in an error message; longer ones are cut and end in '…'.</summary>
    public const int MessageLength = 256;

    /// <summary>The type as Candid source, e.g. <c>record { amount : nat; memo : opt blob }</c>.</summary>
    public static string Print(CandidType type)
    {
        var sb = new StringBuilder();
        Append(sb, type);
        return sb.ToString();
    }

    /// <summary>The type as Candid source, cut after <paramref name="maxLength"/> characters (then it ends in '…').</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxLength"/> is negative.</exception>
    public static string Print(CandidType type, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentOutOfRangeException.ThrowIfNegative(maxLength);
        var sb = new StringBuilder();
        Write(sb, new Piece(null, type, false), maxLength);
        return sb.ToString();
    }

    /// <summary>The type as an error message shows it: at most <see cref="MessageLength"/> characters.</summary>
    internal static string ForMessage(CandidType type) => Print(type, MessageLength);

    /// <summary>An argument list as Candid source, e.g. <c>(nat, text)</c>.</summary>
    public static string PrintArguments(IEnumerable<CandidType> types)
    {
        var sb = new StringBuilder();
        var pieces = new List<Piece>();
        AddParameters(pieces, types.Select(t => new CandidParameter(t)).ToArray());
        foreach (var p in pieces) Write(sb, p, int.MaxValue);
        return sb.ToString();
    }

    /// <summary>Appends the type's Candid source.</summary>
    public static void Append(StringBuilder sb, CandidType type)
    {
        ArgumentNullException.ThrowIfNull(sb);
        ArgumentNullException.ThrowIfNull(type);
        Write(sb, new Piece(null, type, false), int.MaxValue);
    }

    /// <summary>Appends <c>(args) -> (results) modes</c>.</summary>
    public static void AppendSignature(StringBuilder sb, FuncType f)
    {
        ArgumentNullException.ThrowIfNull(sb);
        ArgumentNullException.ThrowIfNull(f);
        Write(sb, new Piece(null, f, true), int.MaxValue);
    }

    /// <summary>A piece of output: literal text, or a type still to print (as a whole, or only its signature).</summary>
    private readonly record struct Piece(string? Text, CandidType? Type, bool Signature);

    private static Piece Text(string s) => new(s, null, false);

    private static Piece Type(CandidType t) => new(null, t, false);

    private static void Write(StringBuilder sb, Piece root, int maxLength)
    {
        long limit = (long)sb.Length + maxLength;
        var stack = new Stack<Piece>();
        var parts = new List<Piece>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            if (sb.Length > limit) break;
            var p = stack.Pop();
            if (p.Text is not null)
            {
                sb.Append(p.Text);
                continue;
            }
            parts.Clear();
            Expand(p.Type!, p.Signature, parts);
            for (int i = parts.Count - 1; i >= 0; i--) stack.Push(parts[i]);
        }
        if (sb.Length > limit)
        {
            sb.Length = (int)limit;
            sb.Append('…');
        }
    }

    private static void Expand(CandidType type, bool signature, List<Piece> parts)
    {
        if (signature)
        {
            AddSignature(parts, (FuncType)type);
            return;
        }
        switch (type)
        {
            case CandidTypeReference r:
                parts.Add(Text(CandidIdentifiers.Format(r.Name)));
                break;
            case PrimitiveType p:
                parts.Add(Text(p.Kind.Keyword()));
                break;
            case OptType o:
                parts.Add(Text("opt "));
                parts.Add(Type(o.Inner));
                break;
            case VecType v when v.Element is PrimitiveType { Kind: CandidKind.Nat8 }:
                parts.Add(Text("blob"));
                break;
            case VecType v:
                parts.Add(Text("vec "));
                parts.Add(Type(v.Element));
                break;
            case RecordType rec:
                AddFields(parts, "record", rec, rec.IsTuple);
                break;
            case VariantType variant:
                AddFields(parts, "variant", variant, tuple: false);
                break;
            case FutureType:
                parts.Add(Text("future"));
                break;
            case FuncType f:
                parts.Add(Text("func "));
                AddSignature(parts, f);
                break;
            case ServiceType s:
                parts.Add(Text("service {"));
                for (int i = 0; i < s.Methods.Count; i++)
                {
                    var m = s.Methods[i];
                    parts.Add(Text((i == 0 ? " " : "; ") + CandidIdentifiers.Format(m.Name) + " : "));
                    parts.Add(m.Type is FuncType mf ? new Piece(null, mf, true) : Type(m.Type));
                }
                parts.Add(Text(s.Methods.Count == 0 ? "}" : " }"));
                break;
            default:
                throw new ArgumentException($"unknown type node {type.GetType().Name}", nameof(type));
        }
    }

    private static void AddSignature(List<Piece> parts, FuncType f)
    {
        AddParameters(parts, f.Arguments);
        parts.Add(Text(" -> "));
        AddParameters(parts, f.Results);
        if ((f.Modes & FuncModes.Query) != 0) parts.Add(Text(" query"));
        if ((f.Modes & FuncModes.CompositeQuery) != 0) parts.Add(Text(" composite_query"));
        if ((f.Modes & FuncModes.Oneway) != 0) parts.Add(Text(" oneway"));
    }

    private static void AddParameters(List<Piece> parts, IReadOnlyList<CandidParameter> parameters)
    {
        parts.Add(Text("("));
        for (int i = 0; i < parameters.Count; i++)
        {
            var p = parameters[i];
            if (i > 0) parts.Add(Text(", "));
            if (p.Name is { } n) parts.Add(Text(CandidIdentifiers.Format(n) + " : "));
            parts.Add(Type(p.Type));
        }
        parts.Add(Text(")"));
    }

    private static void AddFields(List<Piece> parts, string keyword, FieldListType type, bool tuple)
    {
        parts.Add(Text(keyword + " {"));
        var fields = type.Fields;
        for (int i = 0; i < fields.Count; i++)
        {
            var f = fields[i];
            parts.Add(Text(i == 0 ? " " : "; "));
            if (tuple)
            {
                parts.Add(Type(f.Type));
                continue;
            }
            // A variant alternative of type null is written without a type.
            if (type is VariantType && f.Type is PrimitiveType { Kind: CandidKind.Null })
            {
                parts.Add(Text(CandidIdentifiers.Format(f.Label)));
                continue;
            }
            parts.Add(Text(CandidIdentifiers.Format(f.Label) + " : "));
            parts.Add(Type(f.Type));
        }
        parts.Add(Text(fields.Count == 0 ? "}" : " }"));
    }
}
