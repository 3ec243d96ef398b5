using System.Security.Cryptography;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Bridge.Core.Protocol;
using Bridge.Core.Receipts;
using Icp.Agent.Hashing;
using Icp.Testing;

namespace Bridge.Core.Benchmarks;

/// <summary>
/// receipt_hash of the first receipt vector (r1: both optionals present, 15 fields), through the intake's path and the
/// general hash_of_map; and one SHA-256 of a 32-byte value through each of the three routes receipt_hash has used:
/// OpenSSL's EVP (<see cref="SHA256"/>), libsodium (NSec) and libcrypto's low-level functions (<see cref="OneShotSha256"/>).
/// </summary>
public class ReceiptHashBenchmarks
{
    private Receipt _receipt = null!;
    private readonly byte[] _value = new byte[32], _hash = new byte[32];

    [GlobalSetup]
    public void Setup()
    {
        var root = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(RepositoryPaths.ConformanceFolder("bridge"), "receipts.json"))).RootElement;
        var r1 = root.GetProperty("receipts").EnumerateArray().First();
        _receipt = ReceiptParser.Parse(System.Text.Encoding.UTF8.GetBytes(r1.GetProperty("body_text").GetString()!));
        if (!ReceiptHash().AsSpan().SequenceEqual(HashOfMap())) throw new InvalidOperationException("the two paths disagree");
    }

    [Benchmark]
    public byte[] ReceiptHash() => BridgeHashes.ReceiptHash(_receipt);

    [Benchmark]
    public byte[] HashOfMap() => RepresentationIndependentHash.HashOfMap(BridgeHashes.ReceiptFields(_receipt));

    [Benchmark]
    public int Sha256Evp() => SHA256.HashData(_value, _hash);

    [Benchmark]
    public byte[] Sha256Libsodium()
    {
        NSec.Cryptography.HashAlgorithm.Sha256.Hash(_value, _hash);
        return _hash;
    }

    [Benchmark]
    public byte[] Sha256OneShot()
    {
        OneShotSha256.Hash(_value, _hash);
        return _hash;
    }
}
