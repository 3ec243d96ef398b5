namespace Icp.Candid;

/// <summary>State for decoding one message: the subtype results found so far (coinductive, as the
/// specification defines subtyping on recursive types) and a cache of wire types converted to the model.</summary>
internal sealed class CandidDecodeContext(CandidDecoderOptions options)
{
    private CandidSubtypeChecker? _subtypes;

    public CandidDecoderOptions Options { get; } = options;

    /// <summary>One subtype checker for the whole message: each (wire type, expected type) pair is checked once.</summary>
    public CandidSubtypeChecker Subtypes => _subtypes ??= new();

    // Short texts repeat in real data (map keys, enum-like tags): one decoded string per distinct value
    // saves an allocation and a UTF-8 decode each time it comes again. Direct-mapped, so lookups are O(1).
    private const int StringCacheSize = 256;
    internal const int MaxCachedStringBytes = 24;
    private string?[]? _strings;
    private byte[]?[]? _stringBytes;

    public string? FindString(ReadOnlySpan<byte> utf8, out int slot)
    {
        uint h = 2166136261;
        foreach (byte b in utf8) h = (h ^ b) * 16777619;
        slot = (int)(h & (StringCacheSize - 1));
        if (_stringBytes is null) return null;
        var cached = _stringBytes[slot];
        return cached is not null && utf8.SequenceEqual(cached) ? _strings![slot] : null;
    }

    public void RememberString(int slot, ReadOnlySpan<byte> utf8, string value)
    {
        _strings ??= new string?[StringCacheSize];
        _stringBytes ??= new byte[]?[StringCacheSize];
        _strings[slot] = value;
        _stringBytes[slot] = utf8.ToArray();
    }
}
