using System.Text;

namespace Icp.Candid;

/// <summary>
/// Splits Candid source into tokens. One lexer serves the .did parser, the text value parser and the
/// test-file parser, so every token has the same rules for names, strings, numbers and comments.
/// </summary>
/// <remarks>
/// Doc comments: the <c>//</c> lines that stand on their own lines directly before a token become that
/// token's <see cref="CandidToken.Doc"/>. An empty line in between discards them; a <c>//</c> comment after
/// code on the same line is never documentation; block comments are skipped and do not break the run.
/// </remarks>
internal sealed partial class CandidLexer
{
    private readonly string _src;
    private readonly string? _file;
    private int _pos;
    private int _line = 1;
    private int _lineStart;
    // True once a token or comment was seen on the current line: an empty line ends a doc comment run.
    private bool _lineHasContent;
    // True once a token was seen on the current line: a '//' comment after code is not documentation.
    private bool _lineHasToken;
    private readonly List<string> _doc = [];

    private CandidLexer(string source, string? file)
    {
        _src = source;
        _file = file;
    }

    /// <summary>All tokens of <paramref name="source"/>, ending with an <see cref="CandidTokenKind.End"/> token.</summary>
    /// <exception cref="CandidSyntaxException">A malformed token or an unclosed comment or string.</exception>
    public static List<CandidToken> Tokenize(string source, string? file = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        var lexer = new CandidLexer(source, file);
        var tokens = new List<CandidToken>();
        while (true)
        {
            var t = lexer.Next();
            tokens.Add(t);
            if (t.Kind == CandidTokenKind.End) return tokens;
        }
    }

    private int Column(int pos) => pos - _lineStart + 1;

    private CandidSyntaxException Error(string reason, int line, int column) => new(reason, line, column, _file);

    private char Peek(int ahead = 0) => _pos + ahead < _src.Length ? _src[_pos + ahead] : '\0';

    private void NewLine()
    {
        if (!_lineHasContent) _doc.Clear();
        _line++;
        _lineStart = _pos;
        _lineHasContent = false;
        _lineHasToken = false;
    }

    private CandidToken Next()
    {
        SkipTrivia();
        int start = _pos, line = _line, col = Column(_pos);
        if (_pos >= _src.Length) return Make(CandidTokenKind.End, start, line, col, "", null);
        char c = _src[_pos];
        if (char.IsAsciiLetter(c) || c == '_')
        {
            while (_pos < _src.Length && (char.IsAsciiLetterOrDigit(_src[_pos]) || _src[_pos] == '_')) _pos++;
            return Make(CandidTokenKind.Identifier, start, line, col, _src[start.._pos], null);
        }
        if (char.IsAsciiDigit(c) || (c == '.' && char.IsAsciiDigit(Peek(1)))) return Number(start, line, col);
        if (c == '"')
        {
            var bytes = ReadString(line, col);
            return Make(CandidTokenKind.Text, start, line, col, "", bytes);
        }
        _pos++;
        CandidTokenKind kind;
        switch (c)
        {
            case '=' when Peek() == '=': _pos++; kind = CandidTokenKind.EqualsEquals; break;
            case '=': kind = CandidTokenKind.Equals; break;
            case '!' when Peek() == '=': _pos++; kind = CandidTokenKind.NotEquals; break;
            case '!' when Peek() == ':': _pos++; kind = CandidTokenKind.NotColon; break;
            case '(': kind = CandidTokenKind.LParen; break;
            case ')': kind = CandidTokenKind.RParen; break;
            case '{': kind = CandidTokenKind.LBrace; break;
            case '}': kind = CandidTokenKind.RBrace; break;
            case ';': kind = CandidTokenKind.Semicolon; break;
            case ',': kind = CandidTokenKind.Comma; break;
            case '.': kind = CandidTokenKind.Dot; break;
            case ':': kind = CandidTokenKind.Colon; break;
            case '-' when Peek() == '>': _pos++; kind = CandidTokenKind.Arrow; break;
            case '-': kind = CandidTokenKind.Minus; break;
            case '+': kind = CandidTokenKind.Plus; break;
            default:
                string shown = char.IsSurrogate(c) && _pos < _src.Length ? _src.Substring(_pos - 1, 2) : c.ToString();
                throw Error($"unexpected character '{shown}'", line, col);
        }
        return Make(kind, start, line, col, "", null);
    }

    private CandidToken Make(CandidTokenKind kind, int start, int line, int col, string value, byte[]? bytes)
    {
        string? doc = _doc.Count > 0 ? string.Join("\n", _doc) : null;
        _doc.Clear();
        _lineHasContent = _lineHasToken = true;
        return new CandidToken(kind, _src[start.._pos], value, bytes, line, col, doc);
    }

    /// <summary>Decimal <c>1_000</c>, hex <c>0x2A</c>, floats <c>1.5</c>, <c>3.</c>, <c>.5</c>, <c>1e-3</c>.</summary>
    private CandidToken Number(int start, int line, int col)
    {
        if (Peek() == '0' && (Peek(1) is 'x' or 'X'))
        {
            _pos += 2;
            if (!char.IsAsciiHexDigit(Peek())) throw Error("expected hex digits after '0x'", line, col);
            while (char.IsAsciiHexDigit(Peek()) || Peek() == '_') _pos++;
            return Make(CandidTokenKind.Hex, start, line, col, _src[(start + 2).._pos].Replace("_", "", StringComparison.Ordinal), null);
        }
        bool isFloat = false;
        while (char.IsAsciiDigit(Peek()) || Peek() == '_') _pos++;
        if (Peek() == '.' && !char.IsAsciiLetter(Peek(1)) && Peek(1) != '_')
        {
            isFloat = true;
            _pos++;
            while (char.IsAsciiDigit(Peek()) || Peek() == '_') _pos++;
        }
        if (Peek() is 'e' or 'E' && (char.IsAsciiDigit(Peek(1)) || (Peek(1) is '+' or '-' && char.IsAsciiDigit(Peek(2)))))
        {
            isFloat = true;
            _pos += 2;
            while (char.IsAsciiDigit(Peek())) _pos++;
        }
        if (char.IsAsciiLetter(Peek()) || Peek() == '_')
            throw Error($"malformed number '{_src[start..(_pos + 1)]}'", line, col);
        string digits = _src[start.._pos].Replace("_", "", StringComparison.Ordinal);
        return Make(isFloat ? CandidTokenKind.Float : CandidTokenKind.Decimal, start, line, col, digits, null);
    }

    /// <summary>Skips white space and comments, collecting doc comment lines on the way.</summary>
    private void SkipTrivia()
    {
        while (_pos < _src.Length)
        {
            char c = _src[_pos];
            if (c == '\n')
            {
                _pos++;
                NewLine();
            }
            else if (c is ' ' or '\t' or '\r') _pos++;
            else if (c == '/' && Peek(1) == '/')
            {
                int end = _src.IndexOf('\n', _pos);
                if (end < 0) end = _src.Length;
                if (!_lineHasToken) _doc.Add(_src[(_pos + 2)..end].Trim());
                _lineHasContent = true;
                _pos = end;
            }
            else if (c == '/' && Peek(1) == '*') SkipBlockComment();
            else return;
        }
    }

    /// <summary>Skips a block comment; they nest, as in the reference lexer.</summary>
    private void SkipBlockComment()
    {
        int line = _line, col = Column(_pos);
        int depth = 0;
        while (true)
        {
            if (_pos >= _src.Length) throw Error("unclosed comment", line, col);
            char c = _src[_pos];
            if (c == '/' && Peek(1) == '*') { depth++; _pos += 2; }
            else if (c == '*' && Peek(1) == '/')
            {
                _pos += 2;
                if (--depth == 0) break;
            }
            else if (c == '\n')
            {
                // Lines inside a comment are not empty lines: keep the doc run going.
                _pos++;
                _lineHasContent = true;
                NewLine();
                _lineHasContent = true;
            }
            else _pos++;
        }
        _lineHasContent = true;
    }
}
