using System.Numerics;
using Bridge.Core.Signatures;
using Org.BouncyCastle.Math.EC.Rfc8032;

namespace Bridge.Core.Tests;

/// <summary>
/// Keys and R values of small order: with both of small order, S = 0 satisfies [S]B = R + [k]A for any message, so a
/// "signature" nobody made verifies. libsodium refuses them by itself and BouncyCastle does not; the strict checks
/// shared by both verifiers refuse them, so the two answer alike.
/// </summary>
public sealed class SmallOrderKeyTests
{
    private static readonly string[] SmallOrderPoints =
    [
        "0100000000000000000000000000000000000000000000000000000000000000",
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "0000000000000000000000000000000000000000000000000000000000000000",
        "0000000000000000000000000000000000000000000000000000000000000080",
        "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
        "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
        "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
        "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
    ];

    private static BridgePublicKey Key(byte[] raw) => BridgePublicKey.FromDer([.. Convert.FromHexString("302a300506032b6570032100"), .. raw]);

    [Fact]
    public void ASignatureWhoseRIsTheIdentityVerifiesForBouncyCastleAloneButForNeitherVerifier()
    {
        // The key's owner can sign with R = identity: then [S]B = [k]A, so S = k·a mod L. RFC 8032's equation holds
        // and BouncyCastle accepts it; libsodium refuses R of small order. Both verifiers must answer alike.
        byte[] seed = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
        byte[] publicKey = new byte[32];
        Ed25519.GeneratePublicKey(seed, 0, publicKey, 0);
        byte[] h = System.Security.Cryptography.SHA512.HashData(seed);
        h[0] &= 248; h[31] &= 127; h[31] |= 64;
        var a = new BigInteger(h.AsSpan(0, 32), isUnsigned: true);
        var l = BigInteger.Pow(2, 252) + BigInteger.Parse("27742317777372353535851937790883648493");
        byte[] r = Convert.FromHexString(SmallOrderPoints[0]);
        byte[] message = "\u000Fcompute-receipt some receipt hash"u8.ToArray();
        var k = new BigInteger(System.Security.Cryptography.SHA512.HashData([.. r, .. publicKey, .. message]), isUnsigned: true) % l;
        byte[] s = new byte[32];
        (k * a % l).TryWriteBytes(s, out _, isUnsigned: true);
        byte[] signature = [.. r, .. s];

        Assert.True(Ed25519.Verify(signature, 0, publicKey, 0, message, 0, message.Length));
        Assert.False(SignatureVerifiers.Managed.Verify(Key(publicKey), message, signature));
        Assert.False(SignatureVerifiers.Default.Verify(Key(publicKey), message, signature));
    }

    [Theory]
    [MemberData(nameof(Points))]
    public void ASmallOrderKeyOrRIsRefusedByBothVerifiers(string hex)
    {
        byte[] point = Convert.FromHexString(hex);
        byte[] message = "m"u8.ToArray();
        foreach (var verifier in new[] { SignatureVerifiers.Managed, SignatureVerifiers.Default })
        {
            Assert.False(verifier.Verify(Key(point), message, [.. point, .. new byte[32]]));
            Assert.False(verifier.Verify(Key(Convert.FromHexString(SmallOrderPoints[0])), message, [.. point, .. new byte[32]]));
        }
    }

    public static TheoryData<string> Points() => new(SmallOrderPoints);
}
