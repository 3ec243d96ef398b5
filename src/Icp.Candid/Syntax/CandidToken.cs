namespace Icp.Candid;

/// <summary>The kinds of tokens of the Candid languages (.did files, text values, test files).</summary>
internal enum CandidTokenKind
{
    End,
    Identifier,
    Text,
    Decimal,
    Hex,
    Float,
    Equals,
    EqualsEquals,
    NotEquals,
    NotColon,
    LParen,
    RParen,
    LBrace,
    RBrace,
    Semicolon,
    Comma,
    Dot,
    Colon,
    Arrow,
    Plus,
    Minus,
}

/// <summary>A token with its position.</summary>
/// <param name="Kind">The kind.</param>
/// <param name="Raw">The source text of the token, for error messages.</param>
/// <param name="Value">Identifiers: the name; numbers: the digits without '_' (and without '0x' for hex).</param>
/// <param name="Bytes">String literals: the bytes the literal denotes (not necessarily UTF-8).</param>
/// <param name="Line">The 1-based line.</param>
/// <param name="Column">The 1-based column.</param>
/// <param name="Doc">The <c>//</c> comment lines directly before the token, or null.</param>
internal sealed record CandidToken(CandidTokenKind Kind, string Raw, string Value, byte[]? Bytes, int Line, int Column, string? Doc)
{
    /// <summary>True for an identifier spelled <paramref name="word"/>.</summary>
    public bool Is(string word) => Kind == CandidTokenKind.Identifier && Value == word;

    /// <summary>How the token reads in an error message.</summary>
    public string Describe() => Kind == CandidTokenKind.End ? "end of input" : $"'{(Raw.Length > 40 ? Raw[..40] + "..." : Raw)}'";
}
