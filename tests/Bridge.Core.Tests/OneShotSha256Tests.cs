using System.Security.Cryptography;
using System.Text;
using Bridge.Core.Protocol;

namespace Bridge.Core.Tests;

/// <summary>receipt_hash's SHA-256 (libcrypto's low-level functions, or SHA256 without them) against FIPS 180-4's examples and SHA256 at every length.</summary>
public class OneShotSha256Tests
{
    [Theory]
    [InlineData("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")]
    public void The_standards_examples_hash_to_their_digests(string message, string digest)
    {
        Span<byte> hash = stackalloc byte[32];
        OneShotSha256.Hash(Encoding.ASCII.GetBytes(message), hash);
        Assert.Equal(digest, Convert.ToHexStringLower(hash));
    }

    [Fact]
    public void Every_length_up_to_past_the_native_limit_equals_SHA256()
    {
        var data = new byte[1_100];
        new Random(11).NextBytes(data);
        Span<byte> hash = stackalloc byte[32];
        for (int length = 0; length <= data.Length; length++)
        {
            hash.Fill(0xEE);
            OneShotSha256.Hash(data.AsSpan(0, length), hash);
            Assert.True(hash.SequenceEqual(SHA256.HashData(data.AsSpan(0, length))), $"length {length}");
        }
    }

    [Fact]
    public void Hashes_from_many_threads_at_once_are_each_right()
    {
        var inputs = Enumerable.Range(0, 2_000).Select(i => Encoding.UTF8.GetBytes($"receipt-{i}-{new string('x', i % 130)}")).ToArray();
        var hashes = new byte[inputs.Length][];
        Parallel.For(0, inputs.Length, i => { hashes[i] = new byte[32]; OneShotSha256.Hash(inputs[i], hashes[i]); });
        for (int i = 0; i < inputs.Length; i++) Assert.Equal(SHA256.HashData(inputs[i]), hashes[i]);
    }

    [Fact]
    public void On_Linux_with_OpenSSL_3_the_low_level_path_is_taken()
    {
        // The path .NET itself uses for SHA256 on Linux: if libcrypto.so.3 is there, the self-check must have passed.
        bool openSsl3 = OperatingSystem.IsLinux() && System.Runtime.InteropServices.NativeLibrary.TryLoad("libcrypto.so.3", out _);
        Assert.Equal(openSsl3, OneShotSha256.IsNative);
    }
}
