using System.Buffers;
using System.Text;
using System.Text.Json;
using Icp.Candid;

namespace Bridge.Core.Protocol;

/// <summary>
/// A forward-only reader of one flat JSON object with a fixed set of members, by the rules of protocol section 1.
/// Every member value is a string, a number or null; anything else, an unknown or repeated member, or a missing
/// required one is <see cref="MalformedBodyException"/>. Work is linear in the body and nothing is allocated
/// beyond the values kept.
/// </summary>
internal ref struct JsonBodyReader
{
    private static readonly JsonReaderOptions Options = new() { MaxDepth = 2, CommentHandling = JsonCommentHandling.Disallow, AllowTrailingCommas = false };

    private Utf8JsonReader _reader;
    private readonly string[] _names;
    private ulong _seen;
    private string? _field;

    public JsonBodyReader(ReadOnlySpan<byte> body, string[] names)
    {
        _names = names;
        _reader = new Utf8JsonReader(body, isFinalBlock: true, new JsonReaderState(Options));
        Advance();
        if (_reader.TokenType != JsonTokenType.StartObject) throw Malformed(null, "the body is not a JSON object");
    }

    /// <summary>The member being read.</summary>
    public readonly string Field => _field ?? "";

    /// <summary>Moves to the next member; false at the end of the object (after which nothing but whitespace may follow).</summary>
    public bool Next(out int index)
    {
        Advance();
        if (_reader.TokenType == JsonTokenType.EndObject)
        {
            _field = null;
            if (TryAdvance()) throw Malformed(null, "content after the JSON object");
            index = -1;
            return false;
        }
        index = -1;
        for (int i = 0; i < _names.Length; i++)
            if (_reader.ValueTextEquals(_names[i])) { index = i; break; }
        if (index < 0)
        {
            var name = _reader.ValueSpan.Length <= 64 ? SafeString() : "(a long name)";
            throw Malformed(name, "unknown field");
        }
        _field = _names[index];
        if ((_seen & (1UL << index)) != 0) throw Malformed(_field, "field repeated");
        _seen |= 1UL << index;
        Advance();
        if (_reader.TokenType is JsonTokenType.StartArray or JsonTokenType.StartObject) throw Malformed(_field, "an array or object where a string, number or null belongs");
        return true;
    }

    /// <summary>Fails unless every member in <paramref name="requiredMask"/> was present.</summary>
    public readonly void RequireAll(ulong requiredMask)
    {
        var missing = requiredMask & ~_seen;
        if (missing == 0) return;
        int i = System.Numerics.BitOperations.TrailingZeroCount(missing);
        throw new MalformedBodyException(_names[i], null, "missing");
    }

    public readonly bool IsNull => _reader.TokenType == JsonTokenType.Null;

    public readonly MalformedBodyException Malformed(string? field, string reason) => new(field, _reader.TokenStartIndex, reason);

    /// <summary>A text of <paramref name="minBytes"/>..<paramref name="maxBytes"/> UTF-8 bytes.</summary>
    public readonly string Text(int minBytes, int maxBytes)
    {
        RequireString("a string");
        var s = SafeString();
        int n = System.Text.Encoding.UTF8.GetByteCount(s);
        if (n < minBytes || n > maxBytes) throw Malformed(_field, $"{n} bytes of UTF-8; {minBytes} to {maxBytes} allowed");
        return s;
    }

    /// <summary>A principal in canonical text form (lower case, checksum verified).</summary>
    public readonly Principal Principal()
    {
        RequireString("a principal's text");
        if (_reader.ValueSpan.Length > 80 || _reader.ValueIsEscaped && _reader.ValueSpan.Length > 480) throw Malformed(_field, "too long for a principal");
        var s = SafeString();
        if (!CanonicalPrincipals.TryParse(s, out var p))
            throw Malformed(_field, "not a principal in canonical text form (lower case, with its checksum)");
        return p;
    }

    /// <summary>A hex blob (either case, no prefix); <paramref name="exactLength"/> bytes when not negative.</summary>
    public readonly byte[] Hex(int exactLength = -1)
    {
        RequireString("a hex string");
        var s = SafeString();
        if (s.Length % 2 != 0) throw Malformed(_field, "odd number of hex digits");
        var bytes = new byte[s.Length / 2];
        if (Convert.FromHexString(s, bytes, out _, out int written) != OperationStatus.Done || written != bytes.Length)
            throw Malformed(_field, "not hex (digits 0-9, a-f, A-F, no prefix)");
        if (exactLength >= 0 && bytes.Length != exactLength) throw Malformed(_field, $"{bytes.Length} bytes; {exactLength} required");
        return bytes;
    }

    /// <summary>A non-negative integer at most <paramref name="max"/>: a digit string, or a JSON number that is an integer ≤ 2^53 − 1.</summary>
    public readonly UInt128 Integer(UInt128 max)
    {
        UInt128 value;
        if (_reader.TokenType == JsonTokenType.String)
        {
            if (_reader.ValueIsEscaped) value = Digits(SafeString().AsSpan(), max);
            else
            {
                var span = _reader.ValueSpan;
                Span<char> chars = span.Length <= 256 ? stackalloc char[span.Length] : new char[span.Length];
                for (int i = 0; i < span.Length; i++) chars[i] = (char)span[i];
                value = Digits(chars, max);
            }
        }
        else if (_reader.TokenType == JsonTokenType.Number) value = JsonInteger(_reader.ValueSpan);
        else throw Malformed(_field, "not an integer (a decimal string or a JSON number)");
        if (value > max) throw Malformed(_field, $"above {max}");
        return value;
    }

    private readonly UInt128 Digits(ReadOnlySpan<char> s, UInt128 max)
    {
        if (s.IsEmpty) throw Malformed(_field, "an empty string is not an integer");
        foreach (var c in s) if (c is < '0' or > '9') throw Malformed(_field, "a decimal string holds digits only");
        var significant = s.TrimStart('0');
        if (significant.IsEmpty) return UInt128.Zero;
        if (significant.Length > 39 || !UInt128.TryParse(significant, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v))
            throw Malformed(_field, $"above {max}");
        return v;
    }

    /// <summary>The value of a JSON number token when it is an integer from 0 to 2^53 − 1, however written.</summary>
    private readonly UInt128 JsonInteger(ReadOnlySpan<byte> number)
    {
        // The reader has checked the grammar: -? int frac? exp?. Only the value matters here.
        int i = 0;
        bool negative = number[0] == '-';
        if (negative) i++;
        // Significant digits of int ‖ frac, and the power of ten they are scaled by.
        ulong mantissa = 0;
        int significant = 0, scale = 0;
        bool overflow = false;
        for (; i < number.Length && number[i] is >= (byte)'0' and <= (byte)'9'; i++) AddDigit(number[i], ref mantissa, ref significant, ref scale, ref overflow, fraction: false);
        if (i < number.Length && number[i] == '.')
            for (i++; i < number.Length && number[i] is >= (byte)'0' and <= (byte)'9'; i++) AddDigit(number[i], ref mantissa, ref significant, ref scale, ref overflow, fraction: true);
        long exponent = 0;
        if (i < number.Length && (number[i] | 0x20) == 'e')
        {
            i++;
            bool expNegative = false;
            if (number[i] is (byte)'+' or (byte)'-') { expNegative = number[i] == '-'; i++; }
            for (; i < number.Length; i++) exponent = Math.Min(exponent * 10 + (number[i] - '0'), 1_000_000_000);
            if (expNegative) exponent = -exponent;
        }
        if (mantissa == 0 && !overflow) return UInt128.Zero; // 0, -0, 0.0e7: zero however written
        if (negative) throw Malformed(_field, "negative");
        if (overflow) throw Malformed(_field, $"a JSON number above {ProtocolLimits.MaxJsonNumber}; send a decimal string");
        long power = scale + exponent;
        // Trailing zeros of the mantissa absorb a negative power; what is left must be zero for an integer.
        while (power < 0 && mantissa % 10 == 0) { mantissa /= 10; power++; }
        if (power < 0) throw Malformed(_field, "not an integer");
        UInt128 value = mantissa;
        for (long k = 0; k < power; k++)
        {
            value *= 10;
            if (value > ProtocolLimits.MaxJsonNumber) break;
        }
        if (value > ProtocolLimits.MaxJsonNumber) throw Malformed(_field, $"a JSON number above {ProtocolLimits.MaxJsonNumber}; send a decimal string");
        return value;
    }

    private static void AddDigit(byte digit, ref ulong mantissa, ref int significant, ref int scale, ref bool overflow, bool fraction)
    {
        int d = digit - '0';
        if (fraction) scale--;
        if (mantissa == 0 && d == 0 && !overflow) return; // leading zeros
        if (overflow || significant >= 17)
        {
            // Past 17 significant digits the value is too large unless every further digit is a zero that a
            // negative exponent may cancel; keep the count of those zeros as a power of ten.
            if (d != 0) overflow = true;
            else scale++;
            return;
        }
        mantissa = mantissa * 10 + (ulong)d;
        significant++;
    }

    private readonly void RequireString(string what)
    {
        if (_reader.TokenType != JsonTokenType.String) throw Malformed(_field, $"not {what}");
    }

    private readonly string SafeString()
    {
        try { return _reader.GetString() ?? ""; }
        catch (InvalidOperationException) { throw Malformed(_field, "invalid UTF-8 or an unpaired surrogate escape"); }
    }

    private void Advance()
    {
        if (!TryAdvance()) throw Malformed(_field, "the body ends early");
    }

    private bool TryAdvance()
    {
        try { return _reader.Read(); }
        catch (JsonException e) { throw new MalformedBodyException(_field, _reader.BytesConsumed, $"not JSON: {FirstSentence(e.Message)}"); }
    }

    private static string FirstSentence(string message)
    {
        int dot = message.IndexOf(". ", StringComparison.Ordinal);
        return dot > 0 ? message[..dot] : message;
    }
}
