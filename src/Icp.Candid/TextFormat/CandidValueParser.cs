namespace Icp.Candid;

/// <summary>
/// Parses the Candid text format, e.g. <c>(record { to = principal "aaaaa-aa"; amount = 10 : nat }, opt "memo")</c>.
/// Without types, an unannotated integer is an <c>int</c> and a fractional number a <c>float64</c>, as in
/// <c>didc</c>; with types, values are coerced to them (numbers with range checks, <c>null</c> at <c>opt</c>,
/// record fields matched by id, extra fields dropped, missing <c>opt</c> fields none).
/// </summary>
public static class CandidValueParser
{
    /// <summary>An argument list <c>(v1, v2, ...)</c> without expected types.</summary>
    /// <exception cref="CandidSyntaxException">Malformed text, with line and column.</exception>
    public static IReadOnlyList<CandidValue> ParseArguments(string text)
    {
        var (reader, values) = ReadArguments(text, null);
        return values.Select(CandidValueBuilder.Infer).ToArray();
    }

    /// <summary>
    /// An argument list at the given types. Surplus values are dropped and missing trailing arguments of
    /// <c>opt</c>, <c>null</c> or <c>reserved</c> type are filled in, as when decoding.
    /// </summary>
    /// <param name="text">The argument list.</param>
    /// <param name="types">The expected argument types.</param>
    /// <param name="scope">Definitions that type annotations inside the text may name.</param>
    /// <exception cref="CandidSyntaxException">Malformed text, or a value that does not fit its type.</exception>
    public static IReadOnlyList<CandidValue> ParseArguments(string text, IReadOnlyList<CandidType> types, CandidProgram? scope = null)
    {
        ArgumentNullException.ThrowIfNull(types);
        var (reader, nodes) = ReadArguments(text, scope);
        var result = new CandidValue[types.Count];
        for (int i = 0; i < types.Count; i++)
        {
            if (i < nodes.Count) result[i] = CandidValueBuilder.Coerce(nodes[i], types[i]);
            else
            {
                var at = reader.Peek();
                result[i] = CandidValueBuilder.ValueOfMissingField(types[i])
                    ?? throw new CandidSyntaxException($"argument {i + 1} of type {CandidValueBuilder.Short(types[i])} is missing", at.Line, at.Column);
            }
        }
        return result;
    }

    /// <summary>One value, optionally annotated (<c>5 : nat8</c>), without an expected type.</summary>
    /// <exception cref="CandidSyntaxException">Malformed text, with line and column.</exception>
    public static CandidValue ParseValue(string text) => CandidValueBuilder.Infer(ReadValue(text, null));

    /// <summary>One value at an expected type.</summary>
    /// <exception cref="CandidSyntaxException">Malformed text, or a value that does not fit the type.</exception>
    public static CandidValue ParseValue(string text, CandidType type, CandidProgram? scope = null)
    {
        ArgumentNullException.ThrowIfNull(type);
        return CandidValueBuilder.Coerce(ReadValue(text, scope), type);
    }

    private static (CandidTokenReader Reader, List<ValueNode> Nodes) ReadArguments(string text, CandidProgram? scope)
    {
        ArgumentNullException.ThrowIfNull(text);
        var reader = new CandidTokenReader(text, null);
        var nodes = new CandidTextValueReader(reader, scope).ReadArguments();
        if (!reader.AtEnd) throw reader.Unexpected("end of input");
        return (reader, nodes);
    }

    private static ValueNode ReadValue(string text, CandidProgram? scope)
    {
        ArgumentNullException.ThrowIfNull(text);
        var reader = new CandidTokenReader(text, null);
        var node = new CandidTextValueReader(reader, scope).ReadAnnotated();
        if (!reader.AtEnd) throw reader.Unexpected("end of input");
        return node;
    }
}
