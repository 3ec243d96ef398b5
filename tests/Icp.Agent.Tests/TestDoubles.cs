using Icp.Agent.Certification;

namespace Icp.Agent.Tests;

/// <summary>A clock pinned to one instant.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>
/// A BLS oracle without pairing arithmetic: it accepts exactly the (signature, message, key) triples that the
/// conformance data lists as verified by an independent BLS implementation (every real certificate and delegation),
/// and records every call, so tests can check what the verifier was asked.
/// </summary>
internal sealed class KnownTriplesBlsVerifier : IBlsVerifier
{
    private readonly HashSet<string> _valid;

    public KnownTriplesBlsVerifier()
    {
        var data = Vectors.Load("bls/ic_bls_signature_vectors.json").GetProperty("verify_vectors_from_real_certificates").GetProperty("vectors");
        _valid = [.. data.EnumerateArray()
            .Where(v => v.GetProperty("expected").GetBoolean())
            .Select(v => Key(v.GetProperty("signature_g1_48").GetString()!, v.GetProperty("message").GetString()!, v.GetProperty("public_key_raw_g2_96").GetString()!))];
    }

    public List<(byte[] Sig, byte[] Msg, byte[] Key)> Calls { get; } = [];

    public bool Verify(ReadOnlySpan<byte> sig, ReadOnlySpan<byte> msg, ReadOnlySpan<byte> publicKey96)
    {
        Calls.Add((sig.ToArray(), msg.ToArray(), publicKey96.ToArray()));
        return _valid.Contains(Key(Vectors.Hex(sig), Vectors.Hex(msg), Vectors.Hex(publicKey96)));
    }

    private static string Key(string sig, string msg, string key) => $"{sig}|{msg}|{key}";
}
