using System.Collections.Concurrent;
using Bls = Icp.Bls12381;

namespace Icp.Agent.Certification;

/// <summary>
/// The BLS check of certificates, done by our own BLS12-381 implementation. Public keys (the root key and
/// the few subnet keys a client meets) are validated and precomputed once and kept, so a verification
/// pays only for hashing the message and one two-pairing product. A signature that verified is remembered (the last
/// few, by key, message and signature), and concurrent checks of the same one wait for a single check, because the
/// certificates of one round share their signature: calls answered together cost one pairing check. Checks of
/// different signatures that are asked for while one runs are done together next, as one weighted batch
/// (<see cref="Bls.BlsSignature.VerifyBatch(ReadOnlySpan{Bls.BlsVerificationItem})"/>: one final exponentiation for
/// all); when a batch fails, each of its signatures is checked alone, so only the bad ones are refused.
/// </summary>
public sealed class Bls12381Verifier : IBlsVerifier
{
    // A client talks to a handful of subnets; the bound only keeps a hostile stream of keys from growing it.
    private const int MaxCachedKeys = 256;
    private const int MaxRememberedSignatures = 64;
    private readonly ConcurrentDictionary<string, Bls.BlsPreparedPublicKey> _keys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _verified = new(StringComparer.Ordinal);

    // Checks asked for and not answered yet, by id (a second caller of the same triple waits for the first's answer),
    // and those waiting for the next batch; one caller at a time runs the batches for everybody.
    private readonly Lock _pendingLock = new();
    private readonly Dictionary<string, PendingCheck> _inFlight = new(StringComparer.Ordinal);
    private List<PendingCheck> _pending = [];
    private bool _checking;

    /// <summary>One instance for the process; it is thread-safe.</summary>
    public static Bls12381Verifier Shared { get; } = new();

    /// <inheritdoc />
    public bool Verify(ReadOnlySpan<byte> sig, ReadOnlySpan<byte> msg, ReadOnlySpan<byte> publicKey96)
    {
        // Only successes are remembered, under the exact bytes of all three: the answer for them cannot change.
        string id = $"{Convert.ToHexString(publicKey96)}/{Convert.ToHexString(msg)}/{Convert.ToHexString(sig)}";
        if (_verified.ContainsKey(id)) return true;
        if (!TryGetKey(publicKey96, out var key)) return false;
        PendingCheck check;
        bool lead;
        lock (_pendingLock)
        {
            if (!_inFlight.TryGetValue(id, out check!))
            {
                check = new PendingCheck(id, sig.ToArray(), msg.ToArray(), key);
                _inFlight[id] = check;
                _pending.Add(check);
            }
            lead = !_checking;
            _checking = true;
        }
        if (lead) RunPendingChecks(check);
        return check.Done.Task.GetAwaiter().GetResult();
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

    /// <summary>
    /// Runs batches (the caller that found none running does this) until nobody waits, or until its own check is answered:
    /// then a pool thread takes over, so no caller keeps working for others indefinitely.
    /// </summary>
    private void RunPendingChecks(PendingCheck? own)
    {
        while (true)
        {
            List<PendingCheck> batch;
            lock (_pendingLock)
            {
                if (_pending.Count == 0)
                {
                    _checking = false;
                    return;
                }
                if (own is not null && own.Done.Task.IsCompleted)
                {
                    _ = Task.Run(() => RunPendingChecks(null));
                    return;
                }
                batch = _pending;
                _pending = [];
            }
            bool[] results;
            try
            {
                results = CheckTogether(batch.Select(c => new Bls.BlsVerificationItem(c.Signature, c.Message, c.Key)).ToArray());
            }
            catch (Exception e)
            {
                lock (_pendingLock) foreach (var c in batch) _inFlight.Remove(c.Id);
                foreach (var c in batch) c.Done.TrySetException(e);
                continue;
            }
            for (int i = 0; i < batch.Count; i++)
            {
                if (results[i])
                {
                    if (_verified.Count >= MaxRememberedSignatures) _verified.Clear();
                    _verified[batch[i].Id] = 0;
                }
            }
            lock (_pendingLock) foreach (var c in batch) _inFlight.Remove(c.Id);
            for (int i = 0; i < batch.Count; i++) batch[i].Done.TrySetResult(results[i]);
        }
    }

    /// <summary>
    /// Whether each item verifies: one weighted batch check for all, and only when it fails, each item alone (so one bad
    /// signature costs the others nothing but time).
    /// </summary>
    internal static bool[] CheckTogether(Bls.BlsVerificationItem[] items)
    {
        var results = new bool[items.Length];
        if (items.Length > 1 && Bls.BlsSignature.VerifyBatch(items))
        {
            Array.Fill(results, true);
            return results;
        }
        for (int i = 0; i < items.Length; i++)
            results[i] = Bls.BlsSignature.Verify(items[i].Signature.Span, items[i].Message.Span, items[i].PreparedKey!);
        return results;
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

    private sealed class PendingCheck(string id, byte[] signature, byte[] message, Bls.BlsPreparedPublicKey key)
    {
        public string Id => id;
        public byte[] Signature => signature;
        public byte[] Message => message;
        public Bls.BlsPreparedPublicKey Key => key;
        public TaskCompletionSource<bool> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
