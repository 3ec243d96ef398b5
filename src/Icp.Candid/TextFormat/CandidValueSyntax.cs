using System.Numerics;

namespace Icp.Candid;

// The text format parses to these nodes first: a number's type, a record's field names, whether 'null' is
// null or none all depend on the type it is read at, which is known only after parsing.

/// <summary>A parsed value before types are applied; <see cref="At"/> is its first token, for errors.</summary>
internal abstract record ValueNode(CandidToken At);

/// <summary>A number literal: an integer (decimal or hex) or a float.</summary>
internal sealed record NumberNode(CandidToken At, BigInteger? Integer, double Float, string Text) : ValueNode(At)
{
    public bool IsInteger => Integer.HasValue;
}

internal sealed record BoolNode(CandidToken At, bool Value) : ValueNode(At);

internal sealed record NullNode(CandidToken At) : ValueNode(At);

internal sealed record TextNode(CandidToken At, string Value) : ValueNode(At);

internal sealed record BlobNode(CandidToken At, byte[] Bytes) : ValueNode(At);

internal sealed record OptNode(CandidToken At, ValueNode Inner) : ValueNode(At);

internal sealed record VecNode(CandidToken At, List<ValueNode> Items) : ValueNode(At);

/// <summary>A field <c>label = value</c>, or a tuple field whose label was numbered.</summary>
internal sealed record FieldNode(CandidToken At, CandidLabel Label, ValueNode Value);

internal sealed record RecordNode(CandidToken At, List<FieldNode> Fields) : ValueNode(At);

internal sealed record VariantNode(CandidToken At, FieldNode Field) : ValueNode(At);

internal sealed record PrincipalNode(CandidToken At, Principal Value) : ValueNode(At);

internal sealed record ServiceNode(CandidToken At, Principal Value) : ValueNode(At);

internal sealed record FuncNode(CandidToken At, Principal Value, string Method) : ValueNode(At);

/// <summary><c>(value : type)</c>.</summary>
internal sealed record AnnotatedNode(CandidToken At, ValueNode Inner, CandidType Type) : ValueNode(At);
