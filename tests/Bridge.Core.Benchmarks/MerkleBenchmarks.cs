using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Bridge.Core.Merkle;

namespace Bridge.Core.Benchmarks;

/// <summary>A batch's tree: the root and every audit path over 1,000,000 leaves (leaf hashes given, as the
/// batcher has them from the stored leaves).</summary>
[MemoryDiagnoser]
public class MerkleBenchmarks
{
    private byte[] _leafHashes = [];
    private readonly byte[] _path = new byte[64 * MerkleTree.HashLength];

    [Params(1_000_000)]
    public int Leaves { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _leafHashes = new byte[Leaves * MerkleTree.HashLength];
        for (int i = 0; i < Leaves; i++) SHA256.HashData(BitConverter.GetBytes(i), _leafHashes.AsSpan(i * 32, 32));
    }

    [Benchmark]
    public byte[] Root() => MerkleTree.FromLeafHashes(_leafHashes).Root;

    [Benchmark]
    public long RootAndAllProofs()
    {
        var tree = MerkleTree.FromLeafHashes(_leafHashes);
        long hashes = tree.Root[0];
        for (int i = 0; i < tree.Size; i++) hashes += tree.WriteAuditPath(i, _path);
        return hashes;
    }
}
