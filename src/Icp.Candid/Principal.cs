using System.Text;

namespace Icp.Candid;

/// <summary>
/// An IC principal: an opaque id of 0 to 29 bytes, with the textual form
/// <c>group5(base32(crc32(bytes) ‖ bytes))</c> (lower case, dashes between groups of five).
/// </summary>
public sealed class Principal : IEquatable<Principal>, IComparable<Principal>, ISpanFormattable
{
    /// <summary>The most bytes a principal has.</summary>
    public const int MaxLength = 29;

    private const byte SelfAuthenticatingTag = 0x02;
    private const byte AnonymousTag = 0x04;
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    private readonly byte[] _bytes;
    private string? _text;

    private Principal(byte[] bytes) => _bytes = bytes;

    /// <summary>The management canister, <c>aaaaa-aa</c> (no bytes).</summary>
    public static Principal ManagementCanister { get; } = new([]);

    /// <summary>The anonymous principal, <c>2vxsx-fae</c> (the single byte 0x04).</summary>
    public static Principal Anonymous { get; } = new([AnonymousTag]);

    /// <summary>The raw bytes.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>The number of raw bytes.</summary>
    public int Length => _bytes.Length;

    /// <summary>True for the anonymous principal.</summary>
    public bool IsAnonymous => _bytes is [AnonymousTag];

    /// <summary>True for a self-authenticating principal (the hash of a public key, tag 0x02).</summary>
    public bool IsSelfAuthenticating => _bytes.Length == 29 && _bytes[28] == SelfAuthenticatingTag;

    /// <summary>True for the management canister (no bytes).</summary>
    public bool IsManagementCanister => _bytes.Length == 0;

    /// <summary>A principal from its raw bytes.</summary>
    /// <exception cref="ArgumentException">More than 29 bytes.</exception>
    public static Principal FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > MaxLength) throw new ArgumentException($"a principal has at most {MaxLength} bytes, not {bytes.Length}", nameof(bytes));
        if (bytes.Length == 0) return ManagementCanister;
        return new Principal(bytes.ToArray());
    }

    /// <summary>The self-authenticating principal of a DER-encoded public key: SHA-224 of the key, then 0x02.</summary>
    public static Principal SelfAuthenticating(ReadOnlySpan<byte> derPublicKey)
    {
        var bytes = new byte[29];
        Sha224(derPublicKey, bytes.AsSpan(0, 28));
        bytes[28] = SelfAuthenticatingTag;
        return new Principal(bytes);
    }

    /// <summary>Parses the textual form, checking the checksum and the grouping.</summary>
    /// <exception cref="FormatException">Not a principal's text, with the reason.</exception>
    public static Principal Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var p, out var error) ? p! : throw new FormatException($"'{text}' is not a principal: {error}");
    }

    /// <summary>Parses the textual form; false (and no exception) when it is not one.</summary>
    public static bool TryParse([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? text, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out Principal principal)
    {
        var ok = TryParse(text, out var p, out _);
        principal = p!;
        return ok;
    }

    private static bool TryParse(string? text, out Principal? principal, out string error)
    {
        principal = null;
        if (text is null) { error = "null"; return false; }
        // The text form is read case-insensitively, as the interface specification and agent-rs do.
        text = text.ToLowerInvariant();
        if (text.Length > 63) { error = "too long"; return false; }
        Span<byte> raw = stackalloc byte[40];
        int bits = 0, acc = 0, n = 0;
        foreach (char c in text)
        {
            if (c == '-') continue;
            int v = c is >= 'a' and <= 'z' ? c - 'a' : c is >= '2' and <= '7' ? c - '2' + 26 : -1;
            if (v < 0) { error = $"'{c}' is not a base32 character (lower case a-z and 2-7)"; return false; }
            acc = (acc << 5) | v;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                if (n == raw.Length) { error = "too long"; return false; }
                raw[n++] = (byte)(acc >> bits);
                acc &= (1 << bits) - 1;
            }
        }
        if (n < 4) { error = "too short"; return false; }
        if (n - 4 > MaxLength) { error = $"more than {MaxLength} bytes"; return false; }
        var p = n == 4 ? ManagementCanister : new Principal(raw[4..n].ToArray());
        // The canonical text must match exactly: this checks the checksum, the padding bits and the dashes.
        string canonical = p.ToString();
        if (!string.Equals(canonical, text, StringComparison.Ordinal))
        {
            error = Crc32Of(raw[4..n]) != System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(raw)
                ? "the checksum does not match"
                : $"not in canonical form (expected '{canonical}')";
            return false;
        }
        principal = p;
        error = "";
        return true;
    }

    /// <summary>The textual form, e.g. <c>ryjl3-tyaaa-aaaaa-aaaba-cai</c>.</summary>
    public override string ToString() => _text ??= Format();

    private string Format()
    {
        Span<byte> data = stackalloc byte[4 + _bytes.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(data, Crc32Of(_bytes));
        _bytes.CopyTo(data[4..]);
        var sb = new StringBuilder(64);
        int acc = 0, bits = 0, count = 0;
        void Emit(int v)
        {
            if (count > 0 && count % 5 == 0) sb.Append('-');
            sb.Append(Alphabet[v]);
            count++;
        }
        foreach (byte b in data)
        {
            acc = (acc << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                bits -= 5;
                Emit((acc >> bits) & 31);
            }
            acc &= (1 << bits) - 1;
        }
        if (bits > 0) Emit((acc << (5 - bits)) & 31);
        return sb.ToString();
    }

    /// <summary>The raw bytes in lower-case hex.</summary>
    public string ToHex() => Convert.ToHexStringLower(_bytes);

    /// <summary>A copy of the raw bytes.</summary>
    public byte[] ToArray() => (byte[])_bytes.Clone();

    private static uint Crc32Of(ReadOnlySpan<byte> bytes) => Crc32.Compute(bytes);

    private static void Sha224(ReadOnlySpan<byte> data, Span<byte> output)
    {
        // .NET has no SHA-224; it is SHA-256 with other initial values, truncated.
        Icp.Candid.Internal.Sha224.Hash(data, output);
    }

    /// <inheritdoc />
    public bool Equals(Principal? other) => other is not null && _bytes.AsSpan().SequenceEqual(other._bytes);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Principal p && Equals(p);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var h = new HashCode();
        h.AddBytes(_bytes);
        return h.ToHashCode();
    }

    /// <summary>Orders by raw bytes, lexicographically (the order the IC uses for canister ranges).</summary>
    public int CompareTo(Principal? other) => other is null ? 1 : _bytes.AsSpan().SequenceCompareTo(other._bytes);

    /// <summary>Equal bytes.</summary>
    public static bool operator ==(Principal? a, Principal? b) => a is null ? b is null : a.Equals(b);

    /// <summary>Different bytes.</summary>
    public static bool operator !=(Principal? a, Principal? b) => !(a == b);

    /// <inheritdoc />
    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    /// <inheritdoc />
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        var s = ToString();
        if (s.Length > destination.Length) { charsWritten = 0; return false; }
        s.CopyTo(destination);
        charsWritten = s.Length;
        return true;
    }
}
