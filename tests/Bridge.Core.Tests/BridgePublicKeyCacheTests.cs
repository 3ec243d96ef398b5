using Bridge.Core.Signatures;
using Org.BouncyCastle.Math.EC.Rfc8032;

namespace Bridge.Core.Tests;

/// <summary>Decoded keys kept by their DER bytes: a hit is the key of exactly the bytes sent, and the cache stays bounded.</summary>
public sealed class BridgePublicKeyCacheTests
{
    private static readonly byte[] Message = "\u000Fcompute-receipt a receipt hash"u8.ToArray();

    private static (byte[] Der, byte[] Signature) Signer(byte seedByte)
    {
        byte[] seed = Enumerable.Repeat(seedByte, 32).ToArray(), raw = new byte[32], signature = new byte[64];
        Ed25519.GeneratePublicKey(seed, 0, raw, 0);
        Ed25519.Sign(seed, 0, Message, 0, Message.Length, signature, 0);
        return ([.. Convert.FromHexString("302a300506032b6570032100"), .. raw], signature);
    }

    [Fact]
    public void A_cached_key_never_accepts_a_signature_made_by_another_key()
    {
        var cache = new BridgePublicKeyCache();
        var (derA, signatureA) = Signer(1);
        var (derB, signatureB) = Signer(2);
        for (int round = 0; round < 2; round++) // the second round answers from the cache
        {
            Assert.True(cache.TryFromDer(derA, out var a));
            Assert.True(cache.TryFromDer(derB, out var b));
            Assert.True(a.Der.SequenceEqual(derA));
            Assert.True(b.Der.SequenceEqual(derB));
            Assert.Equal(BridgePublicKey.FromDer(derA).Principal, a.Principal);
            Assert.True(SignatureVerifiers.Default.Verify(a, Message, signatureA));
            Assert.False(SignatureVerifiers.Default.Verify(a, Message, signatureB));
            Assert.True(SignatureVerifiers.Default.Verify(b, Message, signatureB));
            Assert.False(SignatureVerifiers.Default.Verify(b, Message, signatureA));
        }
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public void A_key_one_byte_away_from_a_cached_key_is_decoded_as_itself()
    {
        var cache = new BridgePublicKeyCache();
        var (der, signature) = Signer(3);
        Assert.True(cache.TryFromDer(der, out _));
        byte[] other = (byte[])der.Clone();
        other[^1] ^= 0x01;
        Assert.True(cache.TryFromDer(other, out var key));
        Assert.True(key.Der.SequenceEqual(other));
        Assert.False(SignatureVerifiers.Default.Verify(key, Message, signature));
    }

    [Fact]
    public void Changing_the_callers_bytes_after_a_lookup_does_not_change_the_cached_key()
    {
        var cache = new BridgePublicKeyCache();
        var (der, signature) = Signer(4);
        byte[] sent = (byte[])der.Clone();
        Assert.True(cache.TryFromDer(sent, out _));
        sent[^1] ^= 0x01;
        Assert.True(cache.TryFromDer(der, out var key));
        Assert.True(key.Der.SequenceEqual(der));
        Assert.True(SignatureVerifiers.Default.Verify(key, Message, signature));
    }

    [Fact]
    public void Bytes_that_are_no_key_are_refused_and_not_kept()
    {
        var cache = new BridgePublicKeyCache();
        Assert.False(cache.TryFromDer(new byte[44], out var key));
        Assert.Null(key);
        Assert.False(cache.TryFromDer([], out _));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void Past_its_capacity_the_cache_decodes_new_keys_without_keeping_them()
    {
        var cache = new BridgePublicKeyCache(capacity: 1);
        var (derA, _) = Signer(5);
        var (derB, signatureB) = Signer(6);
        Assert.True(cache.TryFromDer(derA, out _));
        Assert.True(cache.TryFromDer(derB, out var b));
        Assert.True(SignatureVerifiers.Default.Verify(b, Message, signatureB));
        Assert.Equal(1, cache.Count);
    }
}
