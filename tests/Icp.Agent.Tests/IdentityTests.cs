using System.Security.Cryptography;
using Icp.Agent.Identities;
using Icp.Candid;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using BigInteger = Org.BouncyCastle.Math.BigInteger;

namespace Icp.Agent.Tests;

public class IdentityTests
{
    // Key files written by openssl 3.0 (independent of this code), with the public keys openssl derived from them.
    private const string Secp256k1DfxPem = """
        -----BEGIN EC PARAMETERS-----
        BgUrgQQACg==
        -----END EC PARAMETERS-----
        -----BEGIN EC PRIVATE KEY-----
        MHQCAQEEIBICHgsxY+Il35zIKuJDefBQ+VyDKXgGhXwluion9yDboAcGBSuBBAAK
        oUQDQgAEvRoGMPrhYBwzwKuqWqbiiOu7D6VDuzAAAtzO8i0dNIqAK9J6UlReit3v
        O7FXpy56hBzM+WfqJi9irkEehmLG5A==
        -----END EC PRIVATE KEY-----
        """;
    private const string Secp256k1Pkcs8Pem = """
        -----BEGIN PRIVATE KEY-----
        MIGEAgEAMBAGByqGSM49AgEGBSuBBAAKBG0wawIBAQQgEgIeCzFj4iXfnMgq4kN5
        8FD5XIMpeAaFfCW6Kif3INuhRANCAAS9GgYw+uFgHDPAq6papuKI67sPpUO7MAAC
        3M7yLR00ioAr0npSVF6K3e87sVenLnqEHMz5Z+omL2KuQR6GYsbk
        -----END PRIVATE KEY-----
        """;
    private const string Secp256k1PublicDer = "3056301006072a8648ce3d020106052b8104000a03420004bd1a0630fae1601c33c0abaa5aa6e288ebbb0fa543bb300002dccef22d1d348a802bd27a52545e8addef3bb157a72e7a841cccf967ea262f62ae411e8662c6e4";

    private const string P256Pem = """
        -----BEGIN EC PRIVATE KEY-----
        MHcCAQEEIEbrzMX9WhMrn8iRXfcdN4H1s1UcTAS3PBiZDPMFg0BKoAoGCCqGSM49
        AwEHoUQDQgAEzkpeOr8fXU/V8pnBQqcYkp63TpFFL7+QKpfI1s2WSgVwy+n+tJ+b
        WmIR1IIiaSxR6U15dhej17C6kiPAy0oylg==
        -----END EC PRIVATE KEY-----
        """;
    private const string P256PublicDer = "3059301306072a8648ce3d020106082a8648ce3d03010703420004ce4a5e3abf1f5d4fd5f299c142a718929eb74e91452fbf902a97c8d6cd964a0570cbe9feb49f9b5a6211d48222692c51e94d797617a3d7b0ba9223c0cb4a3296";

    private const string Ed25519Pem = """
        -----BEGIN PRIVATE KEY-----
        MC4CAQAwBQYDK2VwBCIEIEsNmgHn2Th+KkdhkZRxVlH/THcQ+5TRmAa5x0sVBm4x
        -----END PRIVATE KEY-----
        """;
    private const string Ed25519PublicDer = "302a300506032b6570032100663365d133b5d83db6b875cdbde11c405f1145f33dc1454f6f003633c507f3a3";

    // RFC 8032 section 7.1, test 1.
    private const string RfcSeed = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    private const string RfcPublic = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    private const string RfcEmptySignature = "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";

    private static string Pem(string label, string hex) => PemEncoding.WriteString(label, Convert.FromHexString(hex));

    [Fact]
    public void Ed25519MatchesRfc8032AndVerifiesIndependently()
    {
        var id = Ed25519Identity.FromSeed(Vectors.Hex(RfcSeed));
        Assert.Equal(RfcPublic, Vectors.Hex(id.PublicKey));
        Assert.Equal("302a300506032b6570032100" + RfcPublic, Vectors.Hex(id.PublicKeyDer));
        Assert.Equal(RfcEmptySignature, Vectors.Hex(id.Sign([])));
        Assert.Equal(Principal.SelfAuthenticating(id.PublicKeyDer!), id.Sender);
        Assert.True(id.Sender.IsSelfAuthenticating);

        var message = "\x0Aic-request"u8.ToArray().Concat(new byte[32]).ToArray();
        var sig = id.Sign(message);
        var verifier = new Ed25519Signer();
        verifier.Init(false, new Ed25519PublicKeyParameters(Vectors.Hex(RfcPublic)));
        verifier.BlockUpdate(message, 0, message.Length);
        Assert.True(verifier.VerifySignature(sig));
        Assert.True(PublicKeyVerifier.Verify(id.PublicKeyDer, message, sig));
        sig[0] ^= 1;
        Assert.False(PublicKeyVerifier.Verify(id.PublicKeyDer, message, sig));
    }

    [Fact]
    public void Ed25519PemForms()
    {
        // openssl / current dfx: PKCS#8 v1.
        Assert.Equal(Ed25519PublicDer, Vectors.Hex(IdentityPem.Load(Ed25519Pem).PublicKeyDer));
        // Old dfx (via ring): v2 with the public key as [1] EXPLICIT BIT STRING.
        var legacy = Pem("PRIVATE KEY", "3053020101300506032b657004220420" + RfcSeed + "a123032100" + RfcPublic);
        Assert.Equal(RfcPublic, Vectors.Hex(Ed25519Identity.FromPem(legacy).PublicKey));
        // RFC 5958 v2: [1] IMPLICIT BIT STRING.
        var v2 = Pem("PRIVATE KEY", "3051020101300506032b657004220420" + RfcSeed + "812100" + RfcPublic);
        Assert.Equal(RfcPublic, Vectors.Hex(Ed25519Identity.FromPem(v2).PublicKey));
        // A public key that does not belong to the seed is refused.
        var mismatched = Pem("PRIVATE KEY", "3053020101300506032b657004220420" + RfcSeed + "a123032100" + new string('1', 64));
        Assert.Contains("does not match", Assert.Throws<FormatException>(() => IdentityPem.Load(mismatched)).Message);

        var id = Ed25519Identity.FromSeed(Vectors.Hex(RfcSeed));
        var pem = id.ToPem();
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", pem);
        Assert.Equal(Pem("PRIVATE KEY", "302e020100300506032b657004220420" + RfcSeed) + "\n", pem);
        Assert.Equal(id.Sender, IdentityPem.Load(pem).Sender);
        var random = Ed25519Identity.Generate();
        Assert.Equal(random.Seed, Ed25519Identity.FromPem(random.ToPem()).Seed);
    }

    [Fact]
    public void Secp256k1MatchesRfc6979AndIsLowS()
    {
        // The widely published RFC 6979 vector: key 1, "Satoshi Nakamoto".
        var one = Secp256k1Identity.FromPrivateKey(Vectors.Hex("0000000000000000000000000000000000000000000000000000000000000001"));
        Assert.Equal("934b1ea10a4b3c1757e2b0c017d0b6143ce3c9a7e6a4a49860d7a6ab210ee3d82442ce9d2b916064108014783e923ec36b49743e2ffa1c4496f01a512aafd9e5",
            Vectors.Hex(one.Sign("Satoshi Nakamoto"u8)));

        // A second key; the expected values come from a separate Python RFC 6979 implementation.
        var key = Secp256k1Identity.FromPrivateKey(SHA256.HashData("icp-agent-test-key"u8));
        Assert.Equal("3056301006072a8648ce3d020106052b8104000a034200" + "04f7e4ae7ac001dd4c385f884ef00944e9aab5b30f733e5ce41376da384a94c083a691052f19c2d30f310664bd6e67b61966bf40bb170e5d2ebb40f19f532fc819", Vectors.Hex(key.PublicKeyDer));
        var message = "\x0Aic-request"u8.ToArray().Concat(new byte[32]).ToArray();
        Assert.Equal("971092fef941ee42a6f5e7fcd71dc29dd4a1f392394495de2b5bf5b7be9d526424db94b589119c25f508b9da6dd4944690c620f0d2725fe085b3700d4f9d4303", Vectors.Hex(key.Sign(message)));
    }

    [Fact]
    public void Secp256k1SignaturesAreDeterministicLowSAndVerifyIndependently()
    {
        var curve = SecNamedCurves.GetByName("secp256k1");
        var id = Secp256k1Identity.Generate();
        var point = curve.Curve.DecodePoint(id.PublicKeyDer!.AsSpan(23).ToArray());
        var verifier = new ECDsaSigner();
        verifier.Init(false, new ECPublicKeyParameters(point, new ECDomainParameters(curve.Curve, curve.G, curve.N, curve.H)));
        for (var i = 0; i < 40; i++)
        {
            var message = RandomNumberGenerator.GetBytes(i + 1);
            var sig = id.Sign(message);
            Assert.Equal(64, sig.Length);
            Assert.Equal(sig, id.Sign(message));
            var s = new BigInteger(1, sig, 32, 32);
            Assert.True(s.CompareTo(curve.N.ShiftRight(1)) <= 0, "high S");
            Assert.True(verifier.VerifySignature(SHA256.HashData(message), new BigInteger(1, sig, 0, 32), s));
            Assert.True(PublicKeyVerifier.Verify(id.PublicKeyDer, message, sig));
            // The high-S twin is valid ECDSA but refused, as the IC refuses it.
            var twin = sig[..32].Concat(curve.N.Subtract(s).ToByteArrayUnsigned()).ToArray();
            if (twin.Length == 64) Assert.False(PublicKeyVerifier.Verify(id.PublicKeyDer, message, twin));
        }
    }

    [Fact]
    public void Secp256k1PemForms()
    {
        var dfx = Secp256k1Identity.FromPem(Secp256k1DfxPem);
        Assert.Equal(Secp256k1PublicDer, Vectors.Hex(dfx.PublicKeyDer));
        Assert.Equal(Secp256k1PublicDer, Vectors.Hex(IdentityPem.Load(Secp256k1Pkcs8Pem).PublicKeyDer));
        var pem = dfx.ToPem();
        Assert.StartsWith("-----BEGIN EC PRIVATE KEY-----", pem);
        // Our SEC1 output is byte-for-byte what openssl wrote (without the EC PARAMETERS block).
        Assert.Equal(Secp256k1DfxPem[Secp256k1DfxPem.IndexOf("-----BEGIN EC PRIVATE KEY", StringComparison.Ordinal)..].ReplaceLineEndings("\n"), pem.TrimEnd('\n'));
        Assert.Equal(dfx.Sender, IdentityPem.Load(pem).Sender);
    }

    [Fact]
    public void P256SignsLowSAndVerifiesWithDotNet()
    {
        using var id = P256Identity.FromPem(P256Pem);
        Assert.Equal(P256PublicDer, Vectors.Hex(id.PublicKeyDer));
        using var dotnet = ECDsa.Create();
        dotnet.ImportSubjectPublicKeyInfo(Vectors.Hex(P256PublicDer), out _);
        var n = Org.BouncyCastle.Asn1.X9.ECNamedCurveTable.GetByName("P-256").N;
        for (var i = 0; i < 20; i++)
        {
            var message = RandomNumberGenerator.GetBytes(32);
            var sig = id.Sign(message);
            Assert.Equal(64, sig.Length);
            Assert.True(new BigInteger(1, sig, 32, 32).CompareTo(n.ShiftRight(1)) <= 0);
            Assert.True(dotnet.VerifyData(message, sig, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
            Assert.True(PublicKeyVerifier.Verify(id.PublicKeyDer, message, sig));
        }
        var pem = id.ToPem();
        Assert.Equal(P256Pem.ReplaceLineEndings("\n"), pem.TrimEnd('\n'));
        using var generated = P256Identity.Generate();
        using var reloaded = P256Identity.FromPem(generated.ToPem());
        Assert.Equal(generated.Sender, reloaded.Sender);
    }

    [Theory]
    [InlineData("", "no PEM block")]
    [InlineData("-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAZjNl0TO12D22uHXNveEcQF8RRfM9wUVPbwA2M8UH86M=\n-----END PUBLIC KEY-----", "unsupported PEM block 'PUBLIC KEY'")]
    [InlineData("-----BEGIN ENCRYPTED PRIVATE KEY-----\nMAA=\n-----END ENCRYPTED PRIVATE KEY-----", "encrypted")]
    [InlineData("-----BEGIN EC PARAMETERS-----\nBgUrgQQACg==\n-----END EC PARAMETERS-----", "no private key")]
    [InlineData("-----BEGIN PRIVATE KEY-----\nMAA=\n-----END PRIVATE KEY-----", "malformed PKCS#8")]
    public void UnknownOrBadPemGivesAClearError(string pem, string expected) =>
        Assert.Contains(expected, Assert.Throws<FormatException>(() => IdentityPem.Load(pem)).Message);

    [Fact]
    public void UnsupportedAlgorithmsAreNamed()
    {
        // PKCS#8 with the X25519 OID (1.3.101.110), and a SEC1 key on secp384r1.
        var x25519 = Pem("PRIVATE KEY", "302e020100300506032b656e04220420" + RfcSeed);
        Assert.Contains("unsupported key algorithm 1.3.101.110", Assert.Throws<FormatException>(() => IdentityPem.Load(x25519)).Message);
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        Assert.Contains("unsupported EC curve 1.3.132.0.34", Assert.Throws<FormatException>(() => IdentityPem.Load(p384.ExportECPrivateKeyPem())).Message);
        Assert.Throws<FormatException>(() => Ed25519Identity.FromPem(Secp256k1DfxPem));
    }

    [Fact]
    public void DelegatedIdentitySignsWithTheSessionKeyForTheRootPrincipal()
    {
        var root = Secp256k1Identity.FromPem(Secp256k1DfxPem);
        var session = Ed25519Identity.Generate();
        var target = Principal.Parse("ryjl3-tyaaa-aaaaa-aaaba-cai");
        var expiry = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var delegated = DelegatedIdentity.Create(root, session, expiry, [target]);

        Assert.Equal(root.Sender, delegated.Sender);
        Assert.Equal(root.PublicKeyDer, delegated.PublicKeyDer);
        var link = Assert.Single(delegated.DelegationChain);
        Assert.Equal(session.PublicKeyDer, link.Delegation.PublicKeyDer);
        Assert.Equal(1_893_456_000_000_000_000UL, link.Delegation.ExpirationNanoseconds);
        // The delegation signature is the root key's, over \x1Aic-request-auth-delegation ‖ hash_of_map(delegation).
        var signed = link.Delegation.SignableMessage();
        Assert.Equal(DomainSeparators.RequestAuthDelegation.ToArray(), signed[..27]);
        Assert.Equal(Icp.Agent.Hashing.RepresentationIndependentHash.HashOfMap(link.Delegation.ToHashable()), signed[27..]);
        Assert.True(PublicKeyVerifier.Verify(root.PublicKeyDer, signed, link.Signature));
        var message = RandomNumberGenerator.GetBytes(43);
        Assert.True(PublicKeyVerifier.Verify(session.PublicKeyDer, message, delegated.Sign(message)));

        Assert.True(delegated.IsValidAt(expiry.AddSeconds(-1)));
        Assert.False(delegated.IsValidAt(expiry));
        Assert.True(delegated.AllowsTarget(target));
        Assert.False(delegated.AllowsTarget(Principal.Anonymous));

        // Chains extend: a second session under the first.
        var session2 = P256Identity.Generate();
        var chained = DelegatedIdentity.Create(delegated, session2, expiry.AddDays(-1));
        Assert.Equal(root.Sender, chained.Sender);
        Assert.Equal(2, chained.DelegationChain.Count);
        Assert.Equal(expiry.AddDays(-1), chained.Expiration);

        // A forged link or a chain ending elsewhere is refused.
        var forged = new SignedDelegation(link.Delegation, new byte[64]);
        Assert.Throws<ArgumentException>(() => new DelegatedIdentity(root.PublicKeyDer!, [forged], session));
        Assert.Throws<ArgumentException>(() => new DelegatedIdentity(root.PublicKeyDer!, [link], session2));
    }
}
