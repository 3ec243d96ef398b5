using System.Globalization;
using System.Text;

namespace Icp.Candid;

internal sealed partial class CandidLexer
{
    /// <summary>
    /// Reads a string literal at the opening quote and returns the bytes it denotes. <c>\xx</c> escapes may
    /// produce any byte (blob literals need that); whoever wants text checks for UTF-8 with <see cref="ToText"/>.
    /// </summary>
    private byte[] ReadString(int line, int col)
    {
        _pos++; // opening quote
        var bytes = new List<byte>();
        Span<byte> utf8 = stackalloc byte[4];
        while (true)
        {
            if (_pos >= _src.Length) throw Error("unclosed string literal", line, col);
            char c = _src[_pos];
            if (c == '"')
            {
                _pos++;
                return [.. bytes];
            }
            if (c == '\\')
            {
                ReadEscape(bytes);
                continue;
            }
            if (c == '\n')
            {
                _pos++;
                bytes.Add((byte)'\n');
                _lineHasContent = true;
                NewLine();
                _lineHasContent = true;
                continue;
            }
            int scalar;
            if (char.IsHighSurrogate(c) && _pos + 1 < _src.Length && char.IsLowSurrogate(_src[_pos + 1]))
            {
                scalar = char.ConvertToUtf32(c, _src[_pos + 1]);
                _pos += 2;
            }
            else if (char.IsSurrogate(c)) throw Error("unpaired surrogate in string literal", _line, Column(_pos));
            else
            {
                scalar = c;
                _pos++;
            }
            int n = new Rune(scalar).EncodeToUtf8(utf8);
            for (int i = 0; i < n; i++) bytes.Add(utf8[i]);
        }
    }

    private void ReadEscape(List<byte> bytes)
    {
        int line = _line, col = Column(_pos);
        char e = Peek(1);
        switch (e)
        {
            case 'n': bytes.Add((byte)'\n'); _pos += 2; return;
            case 'r': bytes.Add((byte)'\r'); _pos += 2; return;
            case 't': bytes.Add((byte)'\t'); _pos += 2; return;
            case '\\': bytes.Add((byte)'\\'); _pos += 2; return;
            case '"': bytes.Add((byte)'"'); _pos += 2; return;
            case '\'': bytes.Add((byte)'\''); _pos += 2; return;
            case 'u' when Peek(2) == '{':
            {
                int start = _pos + 3, end = start;
                while (end < _src.Length && (char.IsAsciiHexDigit(_src[end]) || _src[end] == '_')) end++;
                if (end == start || end >= _src.Length || _src[end] != '}' || _src[start] == '_')
                    throw Error("malformed unicode escape, expected \\u{HEX}", line, col);
                string hex = _src[start..end].Replace("_", "", StringComparison.Ordinal);
                if (hex.TrimStart('0').Length > 6 || !int.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int cp) || !Rune.IsValid(cp))
                    throw Error($"unicode escape out of range: {hex} (surrogates and values above 10FFFF are not characters)", line, col);
                Span<byte> utf8 = stackalloc byte[4];
                int n = new Rune(cp).EncodeToUtf8(utf8);
                for (int i = 0; i < n; i++) bytes.Add(utf8[i]);
                _pos = end + 1;
                return;
            }
            default:
                if (char.IsAsciiHexDigit(e) && char.IsAsciiHexDigit(Peek(2)))
                {
                    bytes.Add(byte.Parse(_src.AsSpan(_pos + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
                    _pos += 3;
                    return;
                }
                throw Error(_pos + 1 < _src.Length ? $"unknown escape '\\{e}'" : "unclosed string literal", line, col);
        }
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The text a string token denotes; its bytes must be valid UTF-8.</summary>
    /// <exception cref="CandidSyntaxException">The bytes are not UTF-8.</exception>
    public static string ToText(CandidToken token, string? file)
    {
        try
        {
            return StrictUtf8.GetString(token.Bytes ?? []);
        }
        catch (DecoderFallbackException)
        {
            throw new CandidSyntaxException("string literal is not valid UTF-8 text", token.Line, token.Column, file);
        }
    }
}
