using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Bridge.Core.Signatures;

/// <summary>
/// Decoded public keys by their exact DER bytes, so a requester (or provider) sending many receipts has its key
/// decoded, copied and its self-authenticating principal (a SHA-224) computed once instead of per receipt. A key is
/// found only by bytes equal to the DER it was decoded from, so the key returned is always the one sent. Bounded:
/// past <see cref="Capacity"/> keys, new ones are decoded each time and not kept.
/// </summary>
public sealed class BridgePublicKeyCache
{
    private readonly ConcurrentDictionary<byte[], BridgePublicKey> _keys = new(DerComparer.Instance);
    private readonly ConcurrentDictionary<byte[], BridgePublicKey>.AlternateLookup<ReadOnlySpan<byte>> _bySpan;

    /// <summary>A cache of at most <paramref name="capacity"/> keys.</summary>
    public BridgePublicKeyCache(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        Capacity = capacity;
        _bySpan = _keys.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    /// <summary>The default bound: 100,000 keys (about 20 MB at most).</summary>
    public const int DefaultCapacity = 100_000;

    /// <summary>The most keys kept.</summary>
    public int Capacity { get; }

    /// <summary>How many keys are kept now.</summary>
    public int Count => _keys.Count;

    /// <summary>As <see cref="BridgePublicKey.TryFromDer"/>, from the cache when these bytes were decoded before.</summary>
    public bool TryFromDer(ReadOnlySpan<byte> der, [NotNullWhen(true)] out BridgePublicKey? key)
    {
        if (_bySpan.TryGetValue(der, out key)) return true;
        if (!BridgePublicKey.TryFromDer(der, out key)) return false;
        // The cached key's own copy of its DER is the dictionary's key: nothing the caller holds can change it.
        if (_keys.Count < Capacity) key = _keys.GetOrAdd(key.Der.ToArray(), key);
        return true;
    }

    /// <summary>Byte-wise equality of DER keys, also against a span (lookups without a copy).</summary>
    private sealed class DerComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
    {
        public static readonly DerComparer Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => x is null ? y is null : y is not null && x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj) => GetHashCode((ReadOnlySpan<byte>)obj);

        public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

        public int GetHashCode(ReadOnlySpan<byte> alternate)
        {
            var h = new HashCode();
            h.AddBytes(alternate);
            return h.ToHashCode();
        }

        public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();
    }
}
