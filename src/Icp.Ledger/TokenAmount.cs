using System.Globalization;
using System.Numerics;
using Icp.Candid;

namespace Icp.Ledger;

/// <summary>
/// An amount of a token: an exact number of base units (the ledger's <c>nat</c>) with the token's decimals for
/// display and parsing. Arithmetic is exact integer arithmetic on the units; amounts of different decimals do not mix.
/// </summary>
public readonly struct TokenAmount : IEquatable<TokenAmount>, IComparable<TokenAmount>, ISpanFormattable
{
    /// <summary>The most decimals an amount may have (ICRC-1 states decimals as a nat8).</summary>
    public const int MaxDecimals = 255;

    /// <summary>An amount of <paramref name="units"/> base units of a token with <paramref name="decimals"/> decimals.</summary>
    /// <param name="units">Base units (e8s for 8 decimals).</param>
    /// <param name="decimals">The token's decimals (<c>icrc1_decimals</c>).</param>
    public TokenAmount(Nat units, byte decimals)
    {
        Units = units;
        Decimals = decimals;
    }

    /// <summary>The amount in base units: what the ledger's methods take and return.</summary>
    public Nat Units { get; }

    /// <summary>The token's decimals.</summary>
    public byte Decimals { get; }

    /// <summary>True when the amount is zero.</summary>
    public bool IsZero => Units == Nat.Zero;

    /// <summary>Zero of a token with <paramref name="decimals"/> decimals.</summary>
    /// <param name="decimals">The token's decimals.</param>
    public static TokenAmount Zero(byte decimals) => new(Nat.Zero, decimals);

    /// <summary>An amount of whole tokens (<paramref name="tokens"/> × 10^decimals units).</summary>
    /// <param name="tokens">Whole tokens.</param>
    /// <param name="decimals">The token's decimals.</param>
    public static TokenAmount FromTokens(ulong tokens, byte decimals) => new((Nat)(tokens * BigInteger.Pow(10, decimals)), decimals);

    /// <summary>
    /// Parses a decimal amount in tokens (<c>"12.5"</c>, <c>"0.00000001"</c>, <c>"1_000"</c>): at most
    /// <paramref name="decimals"/> fraction digits; no sign, exponent or grouping other than <c>_</c>.
    /// </summary>
    /// <param name="text">The amount in tokens.</param>
    /// <param name="decimals">The token's decimals.</param>
    /// <exception cref="FormatException">Not a decimal number, negative, or more fraction digits than the token has.</exception>
    public static TokenAmount Parse(string text, byte decimals) =>
        TryParse(text, decimals, out var amount) ? amount : throw new FormatException($"'{text}' is not an amount with at most {decimals} decimals");

    /// <summary>As <see cref="Parse"/>, false instead of an exception.</summary>
    /// <param name="text">The amount in tokens.</param>
    /// <param name="decimals">The token's decimals.</param>
    /// <param name="amount">The amount, when the result is true.</param>
    public static bool TryParse(string? text, byte decimals, out TokenAmount amount)
    {
        amount = default;
        if (string.IsNullOrEmpty(text)) return false;
        string s = text.Replace("_", "", StringComparison.Ordinal);
        int dot = s.IndexOf('.', StringComparison.Ordinal);
        string whole = dot < 0 ? s : s[..dot];
        string fraction = dot < 0 ? "" : s[(dot + 1)..];
        if (whole.Length == 0 || (dot >= 0 && fraction.Length == 0)) return false;
        if (!IsDigits(whole) || !IsDigits(fraction)) return false;
        if (fraction.Length > decimals)
        {
            // Extra digits are allowed only when they are zeros: "1.50" is 1.5 for a token of one decimal.
            if (fraction.AsSpan(decimals).ContainsAnyExcept('0')) return false;
            fraction = fraction[..decimals];
        }
        var units = BigInteger.Parse(whole + fraction.PadRight(decimals, '0'), NumberStyles.None, CultureInfo.InvariantCulture);
        amount = new TokenAmount((Nat)units, decimals);
        return true;
    }

    private static bool IsDigits(string s)
    {
        foreach (char c in s) if (!char.IsAsciiDigit(c)) return false;
        return true;
    }

    /// <summary>The amount in tokens with every decimal (<c>"12.50000000"</c> for 8 decimals).</summary>
    public string ToFixedString()
    {
        string digits = Units.Value.ToString(CultureInfo.InvariantCulture);
        if (Decimals == 0) return digits;
        digits = digits.PadLeft(Decimals + 1, '0');
        return digits[..^Decimals] + "." + digits[^Decimals..];
    }

    /// <summary>The amount in tokens without trailing fraction zeros (<c>"12.5"</c>, <c>"3"</c>); <see cref="Parse"/> reads it back.</summary>
    public override string ToString()
    {
        string s = ToFixedString();
        if (Decimals == 0) return s;
        s = s.TrimEnd('0');
        return s.EndsWith('.') ? s[..^1] : s;
    }

    /// <summary>Formats: <c>"F"</c> for <see cref="ToFixedString"/>, anything else for <see cref="ToString()"/>.</summary>
    /// <param name="format">"F" or null.</param>
    /// <param name="formatProvider">Ignored: amounts always use '.' and no grouping.</param>
    public string ToString(string? format, IFormatProvider? formatProvider) => format is "F" or "f" ? ToFixedString() : ToString();

    /// <inheritdoc />
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        string s = ToString(format.IsEmpty ? null : format.ToString(), provider);
        if (s.AsSpan().TryCopyTo(destination)) { charsWritten = s.Length; return true; }
        charsWritten = 0;
        return false;
    }

    private static void Same(TokenAmount a, TokenAmount b)
    {
        if (a.Decimals != b.Decimals) throw new InvalidOperationException($"amounts of {a.Decimals} and {b.Decimals} decimals do not mix");
    }

    /// <summary>The sum.</summary>
    /// <exception cref="InvalidOperationException">The decimals differ.</exception>
    public static TokenAmount operator +(TokenAmount a, TokenAmount b)
    {
        Same(a, b);
        return new TokenAmount(a.Units + b.Units, a.Decimals);
    }

    /// <summary>The difference.</summary>
    /// <exception cref="InvalidOperationException">The decimals differ.</exception>
    /// <exception cref="OverflowException">The result would be negative.</exception>
    public static TokenAmount operator -(TokenAmount a, TokenAmount b)
    {
        Same(a, b);
        if (a.Units < b.Units) throw new OverflowException($"{a} - {b} is negative");
        return new TokenAmount(a.Units - b.Units, a.Decimals);
    }

    /// <summary>The amount times a whole number.</summary>
    public static TokenAmount operator *(TokenAmount a, ulong factor) => new(a.Units * factor, a.Decimals);

    /// <summary>Equal amounts (same units and decimals).</summary>
    public static bool operator ==(TokenAmount a, TokenAmount b) => a.Equals(b);

    /// <summary>Different amounts.</summary>
    public static bool operator !=(TokenAmount a, TokenAmount b) => !a.Equals(b);

    /// <summary>Less than.</summary>
    /// <exception cref="InvalidOperationException">The decimals differ.</exception>
    public static bool operator <(TokenAmount a, TokenAmount b) => a.CompareTo(b) < 0;

    /// <summary>Greater than.</summary>
    /// <exception cref="InvalidOperationException">The decimals differ.</exception>
    public static bool operator >(TokenAmount a, TokenAmount b) => a.CompareTo(b) > 0;

    /// <summary>Less than or equal.</summary>
    /// <exception cref="InvalidOperationException">The decimals differ.</exception>
    public static bool operator <=(TokenAmount a, TokenAmount b) => a.CompareTo(b) <= 0;

    /// <summary>Greater than or equal.</summary>
    /// <exception cref="InvalidOperationException">The decimals differ.</exception>
    public static bool operator >=(TokenAmount a, TokenAmount b) => a.CompareTo(b) >= 0;

    /// <summary>The base units, for the ledger's methods.</summary>
    public static implicit operator Nat(TokenAmount amount) => amount.Units;

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The decimals differ.</exception>
    public int CompareTo(TokenAmount other)
    {
        Same(this, other);
        return Units.CompareTo(other.Units);
    }

    /// <inheritdoc />
    public bool Equals(TokenAmount other) => Units == other.Units && Decimals == other.Decimals;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is TokenAmount t && Equals(t);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Units, Decimals);
}
