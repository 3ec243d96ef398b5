using System.Diagnostics.CodeAnalysis;
using Icp.Candid;

namespace Icp.Ledger;

/// <summary>
/// An ICRC-1 account: an owner principal and an optional 32-byte subaccount. A missing subaccount and 32 zero bytes
/// are the same account (the default one); equality treats them as equal. The text form is the ICRC-1 "Textual
/// encoding of accounts": the owner's principal text for the default subaccount, else
/// <c>owner-checksum.subaccount</c> with the CRC-32 of owner ‖ subaccount in lowercase Base32 (7 characters) and the
/// subaccount in lowercase hex without leading zeros.
/// </summary>
public sealed class Account : IEquatable<Account>, ISpanFormattable
{
    /// <summary>The length of a subaccount.</summary>
    public const int SubaccountLength = 32;

    private readonly byte[]? _subaccount;

    /// <summary>An account of <paramref name="owner"/> with <paramref name="subaccount"/> (the default one when null).</summary>
    /// <param name="owner">The owner.</param>
    /// <param name="subaccount">32 bytes, or null for the default subaccount.</param>
    /// <exception cref="ArgumentException">The subaccount is not 32 bytes.</exception>
    public Account(Principal owner, ReadOnlySpan<byte> subaccount)
        : this(owner, subaccount.ToArray())
    {
    }

    /// <summary>An account of <paramref name="owner"/> with <paramref name="subaccount"/> (the default one when null).</summary>
    /// <param name="owner">The owner.</param>
    /// <param name="subaccount">32 bytes, or null for the default subaccount.</param>
    /// <exception cref="ArgumentException">The subaccount is not 32 bytes.</exception>
    public Account(Principal owner, byte[]? subaccount = null)
    {
        Owner = owner ?? throw new ArgumentNullException(nameof(owner));
        if (subaccount is not null && subaccount.Length != SubaccountLength)
            throw new ArgumentException($"a subaccount is {SubaccountLength} bytes, not {subaccount.Length}", nameof(subaccount));
        _subaccount = subaccount is null ? null : (byte[])subaccount.Clone();
    }

    /// <summary>The owner.</summary>
    public Principal Owner { get; }

    /// <summary>The subaccount as given (null for the default subaccount when none was given).</summary>
    public byte[]? Subaccount => _subaccount is null ? null : (byte[])_subaccount.Clone();

    /// <summary>The subaccount, 32 zero bytes for the default one.</summary>
    public byte[] EffectiveSubaccount => _subaccount is null ? new byte[SubaccountLength] : (byte[])_subaccount.Clone();

    /// <summary>True for the default subaccount (none, or 32 zero bytes).</summary>
    public bool IsDefaultSubaccount => _subaccount is null || !_subaccount.AsSpan().ContainsAnyExcept((byte)0);

    /// <summary>The default account of <paramref name="owner"/>.</summary>
    /// <param name="owner">The owner.</param>
    public static Account Of(Principal owner) => new(owner);

    /// <summary>
    /// The account of <paramref name="owner"/> whose subaccount is <paramref name="index"/> as a 32-byte big-endian
    /// number (index 0 is the default subaccount, stated explicitly as 32 zero bytes).
    /// </summary>
    /// <param name="owner">The owner.</param>
    /// <param name="index">The subaccount number.</param>
    public static Account WithSubaccountIndex(Principal owner, ulong index)
    {
        var sub = new byte[SubaccountLength];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(sub.AsSpan(SubaccountLength - 8), index);
        return new Account(owner, sub);
    }

    /// <summary>Parses the ICRC-1 textual encoding of an account, with every check of the standard.</summary>
    /// <param name="text">The text.</param>
    /// <exception cref="FormatException">The text is not a canonical account: bad principal, checksum, hex, leading zeros, or an explicit default subaccount.</exception>
    public static Account Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var account, out string? error) ? account : throw new FormatException($"'{text}' is not an ICRC-1 account: {error}");
    }

    /// <summary>Parses the ICRC-1 textual encoding of an account; false when it is not canonical.</summary>
    /// <param name="text">The text.</param>
    /// <param name="account">The account, when the result is true.</param>
    public static bool TryParse([NotNullWhen(true)] string? text, [MaybeNullWhen(false)] out Account account) =>
        TryParse(text, out account, out _);

    private static bool TryParse(string? text, [MaybeNullWhen(false)] out Account account, out string? error)
    {
        account = null;
        if (text is null) { error = "null"; return false; }
        int dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0)
        {
            if (!Principal.TryParse(text, out var owner)) { error = "not a principal"; return false; }
            account = new Account(owner);
            error = null;
            return true;
        }
        if (text.IndexOf('.', dot + 1) >= 0) { error = "more than one '.'"; return false; }
        string head = text[..dot], hex = text[(dot + 1)..];
        int dash = head.LastIndexOf('-');
        if (dash < 0) { error = "no checksum before '.'"; return false; }
        string ownerText = head[..dash], checksum = head[(dash + 1)..];
        if (!Principal.TryParse(ownerText, out var principal)) { error = "the owner is not a principal"; return false; }
        if (hex.Length is 0 or > 2 * SubaccountLength) { error = "the subaccount is not 1 to 64 hex digits"; return false; }
        if (hex[0] == '0') { error = "the subaccount has leading zeros (not canonical)"; return false; }
        foreach (char c in hex)
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c)) { error = "the subaccount is not lowercase hex"; return false; }
        }
        var sub = Convert.FromHexString(hex.PadLeft(2 * SubaccountLength, '0'));
        var candidate = new Account(principal, sub);
        if (checksum != candidate.Checksum()) { error = "wrong checksum"; return false; }
        account = candidate;
        error = null;
        return true;
    }

    /// <summary>The ICRC-1 textual encoding.</summary>
    public override string ToString()
    {
        if (IsDefaultSubaccount) return Owner.ToString();
        string hex = Convert.ToHexStringLower(_subaccount!).TrimStart('0');
        return $"{Owner}-{Checksum()}.{hex}";
    }

    /// <inheritdoc />
    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    /// <inheritdoc />
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        string s = ToString();
        if (s.AsSpan().TryCopyTo(destination)) { charsWritten = s.Length; return true; }
        charsWritten = 0;
        return false;
    }

    private string Checksum()
    {
        Span<byte> be = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(be, Crc32.Compute(Owner.Bytes, EffectiveSubaccount));
        return Base32.EncodeLower(be);
    }

    /// <inheritdoc />
    public bool Equals(Account? other) =>
        other is not null && Owner == other.Owner &&
        (IsDefaultSubaccount ? other.IsDefaultSubaccount : other._subaccount is not null && _subaccount!.AsSpan().SequenceEqual(other._subaccount));

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Account a && Equals(a);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var h = new HashCode();
        h.Add(Owner);
        if (!IsDefaultSubaccount) h.AddBytes(_subaccount);
        return h.ToHashCode();
    }

    /// <summary>Equality of accounts (a missing subaccount equals 32 zero bytes).</summary>
    public static bool operator ==(Account? a, Account? b) => a is null ? b is null : a.Equals(b);

    /// <summary>Inequality of accounts.</summary>
    public static bool operator !=(Account? a, Account? b) => !(a == b);

    /// <summary>The generated ICRC-1 <c>Account</c> record.</summary>
    /// <param name="account">The account.</param>
    public static implicit operator Icrc1.Account(Account account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return new Icrc1.Account { Owner = account.Owner, Subaccount = account.Subaccount };
    }

    /// <summary>The generated ICRC-2 <c>Account</c> record.</summary>
    /// <param name="account">The account.</param>
    public static implicit operator Icrc2.Account(Account account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return new Icrc2.Account { Owner = account.Owner, Subaccount = account.Subaccount };
    }

    /// <summary>From the generated ICRC-1 <c>Account</c> record.</summary>
    /// <param name="account">The record.</param>
    /// <exception cref="ArgumentException">The subaccount is not 32 bytes.</exception>
    public static implicit operator Account(Icrc1.Account account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return new Account(account.Owner, account.Subaccount);
    }

    /// <summary>From the generated ICRC-2 <c>Account</c> record.</summary>
    /// <param name="account">The record.</param>
    /// <exception cref="ArgumentException">The subaccount is not 32 bytes.</exception>
    public static implicit operator Account(Icrc2.Account account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return new Account(account.Owner, account.Subaccount);
    }

    /// <summary>The generated ICRC-1 record (for callers that cannot use the implicit conversion).</summary>
    public Icrc1.Account ToIcrc1() => this;

    /// <summary>The generated ICRC-2 record (for callers that cannot use the implicit conversion).</summary>
    public Icrc2.Account ToIcrc2() => this;
}

/// <summary>RFC 4648 Base32, lowercase, without padding.</summary>
internal static class Base32
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    public static string EncodeLower(ReadOnlySpan<byte> data)
    {
        var sb = new System.Text.StringBuilder((data.Length * 8 + 4) / 5);
        int buffer = 0, bits = 0;
        foreach (byte b in data)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                sb.Append(Alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) sb.Append(Alphabet[(buffer << (5 - bits)) & 31]);
        return sb.ToString();
    }
}
