using System.Numerics;

namespace Icp.Candid;

/// <summary>
/// Turns parsed <see cref="ValueNode"/>s into <see cref="CandidValue"/>s: at an expected type with the
/// coercions <c>didc</c> applies to text input, or without one by inference.
/// </summary>
internal static class CandidValueBuilder
{
    /// <summary>
    /// The value without an expected type. As in the Rust candid crate, a number without annotation is an
    /// <c>int</c> and one with a fraction or exponent a <c>float64</c>; <c>null</c> is the null value.
    /// </summary>
    public static CandidValue Infer(ValueNode node) => node switch
    {
        NumberNode { IsInteger: true } n => CandidValue.Int(n.Integer!.Value),
        NumberNode n => CandidValue.Float64(n.Float),
        BoolNode b => CandidValue.Bool(b.Value),
        NullNode => CandidValue.Null,
        TextNode t => CandidValue.Text(t.Value),
        BlobNode b => CandidValue.Blob(b.Bytes),
        OptNode o => CandidValue.Some(Infer(o.Inner)),
        VecNode v => CandidValue.Vec(v.Items.Select(Infer).ToArray()),
        RecordNode r => CandidValue.Record(r.Fields.Select(f => new CandidFieldValue(f.Label, Infer(f.Value))).ToArray()),
        VariantNode v => CandidValue.Variant(v.Field.Label, Infer(v.Field.Value)),
        PrincipalNode p => CandidValue.Principal(p.Value),
        ServiceNode s => CandidValue.Service(s.Value),
        FuncNode f => CandidValue.Func(f.Value, f.Method),
        AnnotatedNode a => Coerce(a.Inner, a.Type),
        _ => throw new ArgumentException($"unknown value node {node.GetType().Name}", nameof(node)),
    };

    /// <summary>The value at <paramref name="type"/>; numbers take the type, missing optional fields are none, extra fields are dropped.</summary>
    /// <exception cref="CandidSyntaxException">The value does not fit the type.</exception>
    public static CandidValue Coerce(ValueNode node, CandidType type)
    {
        if (node is AnnotatedNode a) return CandidValueFit.Fit(Coerce(a.Inner, a.Type), type, a.At);
        var t = type.Resolve();
        if (t.Kind == CandidKind.Reserved) return CandidValue.Reserved;
        switch (node, t)
        {
            case (NumberNode n, PrimitiveType p):
                return Number(n, p.Kind);
            case (BoolNode b, PrimitiveType { Kind: CandidKind.Bool }):
                return CandidValue.Bool(b.Value);
            case (NullNode, PrimitiveType { Kind: CandidKind.Null }):
                return CandidValue.Null;
            case (NullNode, OptType):
                return CandidValue.None;
            case (TextNode s, PrimitiveType { Kind: CandidKind.Text }):
                return CandidValue.Text(s.Value);
            case (BlobNode b, VecType { IsBlob: true }):
                return CandidValue.Blob(b.Bytes);
            case (OptNode o, OptType ot):
                return CandidValue.Some(Coerce(o.Inner, ot.Inner));
            case (VecNode v, VecType { IsBlob: true }):
            {
                var bytes = new byte[v.Items.Count];
                for (int i = 0; i < bytes.Length; i++) bytes[i] = (byte)((CandidPrimitiveValue)Coerce(v.Items[i], CandidType.Nat8)).Bits;
                return CandidValue.Blob(bytes);
            }
            case (VecNode v, VecType vt):
                return CandidValue.Vec(v.Items.Select(i => Coerce(i, vt.Element)).ToArray());
            case (RecordNode r, RecordType rt):
                return Record(r, rt);
            case (VariantNode v, VariantType vt):
            {
                var field = vt.FindField(v.Field.Label) ?? throw Error(v.Field.At, $"the variant type {Short(vt)} has no alternative '{v.Field.Label}'");
                return CandidValue.Variant(field.Label, Coerce(v.Field.Value, field.Type));
            }
            case (PrincipalNode p, PrimitiveType { Kind: CandidKind.Principal }):
                return CandidValue.Principal(p.Value);
            case (ServiceNode s, ServiceType):
                return CandidValue.Service(s.Value);
            case (FuncNode f, FuncType):
                return CandidValue.Func(f.Value, f.Method);
            default:
                throw Error(node.At, $"expected a value of type {Short(type)} but found {Describe(node)}");
        }
    }

    private static CandidValue Record(RecordNode r, RecordType type)
    {
        var given = new Dictionary<uint, FieldNode>();
        foreach (var f in r.Fields) given[f.Label.Id] = f;
        var fields = new List<CandidFieldValue>(type.Fields.Count);
        foreach (var field in type.Fields)
        {
            CandidValue value;
            if (given.TryGetValue(field.Label.Id, out var f)) value = Coerce(f.Value, field.Type);
            else
            {
                value = ValueOfMissingField(field.Type) ?? throw Error(r.At, $"record field '{field.Label}' of type {Short(field.Type)} is missing");
            }
            fields.Add(new CandidFieldValue(field.Label, value));
        }
        return CandidValue.Record(fields);
    }

    /// <summary>A number literal at a numeric type, range-checked.</summary>
    private static CandidValue Number(NumberNode n, CandidKind kind)
    {
        if (kind is CandidKind.Float64) return CandidValue.Float64(n.IsInteger ? (double)n.Integer!.Value : n.Float);
        if (kind is CandidKind.Float32) return CandidValue.Float32(n.IsInteger ? (float)n.Integer!.Value : (float)n.Float);
        if (!IsInteger(kind)) throw Error(n.At, $"expected a value of type {kind.Keyword()} but found the number {n.Text}");
        if (!n.IsInteger) throw Error(n.At, $"{n.Text} is not an integer, so it cannot be a {kind.Keyword()}");
        return CandidValueFit.Integer(n.Integer!.Value, kind, n.At, n.Text);
    }

    /// <summary>
    /// The value a record field may be left out for: none at <c>opt</c>, and the only value of <c>null</c>
    /// and <c>reserved</c> (the spec's test suite expects a missing null field to be accepted in text too).
    /// </summary>
    internal static CandidValue? ValueOfMissingField(CandidType type) => type.Resolve().Kind switch
    {
        CandidKind.Opt => CandidValue.None,
        CandidKind.Reserved => CandidValue.Reserved,
        CandidKind.Null => CandidValue.Null,
        _ => null,
    };

    internal static bool IsInteger(CandidKind kind) => kind is CandidKind.Nat or CandidKind.Int
        or CandidKind.Nat8 or CandidKind.Nat16 or CandidKind.Nat32 or CandidKind.Nat64
        or CandidKind.Int8 or CandidKind.Int16 or CandidKind.Int32 or CandidKind.Int64;

    internal static CandidSyntaxException Error(CandidToken at, string reason) => new(reason, at.Line, at.Column);

    /// <summary>A type for a message: its one-line text, cut when long.</summary>
    internal static string Short(CandidType type)
    {
        string s = type.ToString();
        return s.Length > 60 ? s[..57] + "..." : s;
    }

    private static string Describe(ValueNode node) => node switch
    {
        NumberNode n => $"the number {n.Text}",
        BoolNode b => b.Value ? "true" : "false",
        NullNode => "null",
        TextNode => "a text literal",
        BlobNode => "a blob literal",
        OptNode => "an opt value",
        VecNode => "a vec",
        RecordNode => "a record",
        VariantNode => "a variant",
        PrincipalNode => "a principal",
        ServiceNode => "a service reference",
        FuncNode => "a func reference",
        _ => "a value",
    };
}
