using System.Security.Cryptography;
using Icp.Agent.Certification;

namespace Icp.Agent.Tests.Http;

/// <summary>
/// A stand-in for BLS that still binds signature, message and key: the "signature" of a message under a key is
/// SHA-384(key ‖ message), 48 bytes like a real one. A changed tree, a different key or a copied signature fails.
/// </summary>
internal sealed class FakeBls : IBlsVerifier
{
    public int Calls { get; private set; }

    public static byte[] Sign(ReadOnlySpan<byte> publicKey96, ReadOnlySpan<byte> message) => SHA384.HashData([.. publicKey96, .. message]);

    public bool Verify(ReadOnlySpan<byte> sig, ReadOnlySpan<byte> msg, ReadOnlySpan<byte> publicKey96)
    {
        Calls++;
        return sig.SequenceEqual(Sign(publicKey96, msg));
    }
}
