using System.Collections.Concurrent;
using Bls = Icp.Bls12381;

namespace Icp.Agent.Certification;

/// <summary>
/// The BLS check of certificates, done by our own BLS12-381 implementation. Public keys (the root key and
/// the few subnet keys a client meets) are validated and precomputed once and kept, so a verification
/// pays only for hashing the message and one two-pairing product. A signature that verified is remembered (the last
/// few, by key, message and signature), and concurrent checks of the same one wait for a single check, because the
/// certificates of one round share their signature: calls answered together cost one pairing check.
/// </summary>
public sealed class Bls12381Verifier : IBlsVerifier
{
    // A client talks to a handful of subnets; the bound only keeps a hostile stream of keys from growing it.
    private const int MaxCachedKeys = 256;
    private const int MaxRememberedSignatures = 64;
    private readonly ConcurrentDictionary<string, Bls.BlsPreparedPublicKey> _keys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<bool>> _verified = new(StringComparer.Ordinal);

    /// <summary>One instance for the process; it is thread-safe.</summary>
    public static Bls12381Verifier Shared { get; } = new();

    /// <inheritdoc />
    public bool Verify(ReadOnlySpan<byte> sig, ReadOnlySpan<byte> msg, ReadOnlySpan<byte> publicKey96)
    {
        // Only successes are remembered, under the exact bytes of all three: the answer for them cannot change.
        string id = $"{Convert.ToHexString(publicKey96)}/{Convert.ToHexString(msg)}/{Convert.ToHexString(sig)}";
        if (_verified.TryGetValue(id, out var known) && known.IsValueCreated && known.Value) return true;
        if (!TryGetKey(publicKey96, out var key)) return false;
        if (_verified.Count >= MaxRememberedSignatures) _verified.Clear();
        byte[] signature = sig.ToArray(), message = msg.ToArray();
        var check = _verified.GetOrAdd(id, _ => new Lazy<bool>(() => Bls.BlsSignature.Verify(signature, message, key), LazyThreadSafetyMode.ExecutionAndPublication));
        bool valid;
        try
        {
            valid = check.Value;
        }
        catch
        {
            _verified.TryRemove(new KeyValuePair<string, Lazy<bool>>(id, check));
            throw;
        }
        if (!valid) _verified.TryRemove(new KeyValuePair<string, Lazy<bool>>(id, check));
        return valid;
    }

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
