using System.Collections.Concurrent;
using Bls = Icp.Bls12381;

namespace Icp.Agent.Certification;

/// <summary>
/// The BLS check of certificates, done by our own BLS12-381 implementation. Public keys (the root key and
/// the few subnet keys a client meets) are validated and precomputed once and kept, so a verification
/// pays only for hashing the message and one two-pairing product.
/// </summary>
public sealed class Bls12381Verifier : IBlsVerifier
{
    // A client talks to a handful of subnets; the bound only keeps a hostile stream of keys from growing it.
    private const int MaxCachedKeys = 256;
    private readonly ConcurrentDictionary<string, Bls.BlsPreparedPublicKey> _keys = new(StringComparer.Ordinal);

    /// <summary>One instance for the process; it is thread-safe.</summary>
    public static Bls12381Verifier Shared { get; } = new();

    /// <inheritdoc />
    public bool Verify(ReadOnlySpan<byte> sig, ReadOnlySpan<byte> msg, ReadOnlySpan<byte> publicKey96) =>
        TryGetKey(publicKey96, out var key) && Bls.BlsSignature.Verify(sig, msg, key);

    /// <summary>All items in one pairing product with random weights (a certificate and its delegation cost one
    /// final exponentiation instead of two).</summary>
    public bool VerifyBatch(IReadOnlyList<(byte[] Signature, byte[] Message, byte[] PublicKey96)> items)
    {
        var batch = new Bls.BlsVerificationItem[items.Count];
        for (int i = 0; i < batch.Length; i++)
        {
            var (sig, msg, pk) = items[i];
            if (!TryGetKey(pk, out var key)) return false;
            batch[i] = new Bls.BlsVerificationItem(sig, msg, key);
        }
        return Bls.BlsSignature.VerifyBatch(batch);
    }

    private bool TryGetKey(ReadOnlySpan<byte> publicKey96, out Bls.BlsPreparedPublicKey key)
    {
        key = null!;
        if (publicKey96.Length != Bls.BlsSignature.PublicKeySize) return false;
        string id = Convert.ToHexString(publicKey96);
        if (_keys.TryGetValue(id, out var cached))
        {
            key = cached;
            return true;
        }
        if (!Bls.BlsPreparedPublicKey.TryParse(publicKey96, out var parsed) || parsed is null) return false;
        if (_keys.Count >= MaxCachedKeys) _keys.Clear();
        _keys[id] = parsed;
        key = parsed;
        return true;
    }
}
