namespace Icp.Candid;

/// <summary>A cursor over tokens with the helpers every Candid parser needs: expect, errors, a nesting cap.</summary>
internal sealed class CandidTokenReader
{
    /// <summary>Nesting deeper than this is rejected, so bad input cannot overflow the stack.</summary>
    public const int MaxDepth = 1000;

    private readonly List<CandidToken> _tokens;
    private int _index;
    private int _depth;

    public CandidTokenReader(string source, string? file)
    {
        File = file;
        _tokens = CandidLexer.Tokenize(source, file);
    }

    /// <summary>The file name for error messages, or null.</summary>
    public string? File { get; }

    public CandidToken Peek(int ahead = 0) => _tokens[Math.Min(_index + ahead, _tokens.Count - 1)];

    public CandidTokenKind PeekKind(int ahead = 0) => Peek(ahead).Kind;

    public bool AtEnd => Peek().Kind == CandidTokenKind.End;

    public CandidToken Next()
    {
        var t = _tokens[_index];
        if (_index < _tokens.Count - 1) _index++;
        return t;
    }

    /// <summary>Consumes the next token when it has the kind.</summary>
    public bool Accept(CandidTokenKind kind)
    {
        if (Peek().Kind != kind) return false;
        Next();
        return true;
    }

    /// <summary>Consumes the next token when it is the identifier <paramref name="word"/>.</summary>
    public bool Accept(string word)
    {
        if (!Peek().Is(word)) return false;
        Next();
        return true;
    }

    public CandidToken Expect(CandidTokenKind kind, string what)
    {
        if (Peek().Kind != kind) throw Unexpected(what);
        return Next();
    }

    public CandidToken Expect(string word)
    {
        if (!Peek().Is(word)) throw Unexpected($"'{word}'");
        return Next();
    }

    /// <summary>"expected X but found Y" at the next token.</summary>
    public CandidSyntaxException Unexpected(string expected) => Error(Peek(), $"expected {expected} but found {Peek().Describe()}");

    public CandidSyntaxException Error(CandidToken at, string reason, Exception? inner = null) =>
        new(reason, at.Line, at.Column, File, inner);

    /// <summary>Enters one level of nesting; dispose to leave it.</summary>
    public DepthScope Enter()
    {
        if (++_depth > MaxDepth)
            throw Error(Peek(), $"nesting is deeper than {MaxDepth} levels");
        return new DepthScope(this);
    }

    public readonly struct DepthScope(CandidTokenReader reader) : IDisposable
    {
        public void Dispose() => reader._depth--;
    }

    /// <summary>The text of a string token, which must be UTF-8.</summary>
    public string TextOf(CandidToken token) => CandidLexer.ToText(token, File);

    /// <summary>A name: an identifier or a string literal (for names that are keywords or not identifiers).</summary>
    public bool AtName => PeekKind() is CandidTokenKind.Identifier or CandidTokenKind.Text;

    public string ExpectName(string what)
    {
        var t = Peek();
        if (t.Kind == CandidTokenKind.Identifier) return Next().Value;
        if (t.Kind == CandidTokenKind.Text) return TextOf(Next());
        throw Unexpected(what);
    }
}
