using Icp.Agent.Certification;

namespace Icp.Agent.Benchmarks;

/// <summary>
/// The shared BLS verifier as a kept verifier meets the next certificate from a known subnet: its parsed keys are
/// used, but the signature is new, so it is checked. A benchmark verifies one certificate again and again, which
/// <see cref="Bls12381Verifier.Verify"/> would answer from its remembered signatures; its batch check (here of one
/// item) remembers none, and costs a little more than a single check (the random weight), not less.
/// </summary>
public sealed class UnseenSignatureBls(Bls12381Verifier inner) : IBlsVerifier
{
    /// <inheritdoc />
    public bool Verify(ReadOnlySpan<byte> sig, ReadOnlySpan<byte> msg, ReadOnlySpan<byte> publicKey96) =>
        inner.VerifyBatch([(sig.ToArray(), msg.ToArray(), publicKey96.ToArray())]);

    /// <inheritdoc />
    public bool VerifyBatch(IReadOnlyList<(byte[] Signature, byte[] Message, byte[] PublicKey96)> items) => inner.VerifyBatch(items);
}
