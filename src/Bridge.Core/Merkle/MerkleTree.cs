using System.Security.Cryptography;

namespace Bridge.Core.Merkle;

/// <summary>
/// An RFC 6962 / RFC 9162 Merkle tree over leaf hashes: node = SHA-256(0x01 ‖ left ‖ right), an odd node promoted to
/// the level above (never duplicated). All levels are computed once, as flat arrays of 32-byte hashes, so the root
/// is ready and any audit path is a copy of one hash per level.
/// </summary>
public sealed class MerkleTree
{
    /// <summary>The length of a hash.</summary>
    public const int HashLength = 32;

    // Levels above this many nodes are hashed on all cores.
    private const int ParallelThreshold = 8192;

    private readonly byte[][] _levels;

    private MerkleTree(byte[][] levels, int size)
    {
        _levels = levels;
        Size = size;
    }

    /// <summary>The number of leaves.</summary>
    public int Size { get; }

    /// <summary>The root: the top level's one hash, or SHA-256 of nothing for the empty tree.</summary>
    public byte[] Root => Size == 0 ? SHA256.HashData([]) : _levels[^1].AsSpan(0, HashLength).ToArray();

    /// <summary>The root of the empty tree: SHA-256 of nothing.</summary>
    public static byte[] EmptyRoot => SHA256.HashData([]);

    /// <summary>A leaf's hash: SHA-256(0x00 ‖ leaf).</summary>
    public static byte[] LeafHash(ReadOnlySpan<byte> leaf)
    {
        var hash = new byte[HashLength];
        LeafHash(leaf, hash);
        return hash;
    }

    /// <summary>Writes SHA-256(0x00 ‖ <paramref name="leaf"/>) to <paramref name="destination"/>.</summary>
    public static void LeafHash(ReadOnlySpan<byte> leaf, Span<byte> destination)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData([0]);
        sha.AppendData(leaf);
        sha.GetHashAndReset(destination);
    }

    /// <summary>Writes SHA-256(0x01 ‖ <paramref name="left"/> ‖ <paramref name="right"/>) to <paramref name="destination"/>.</summary>
    public static void NodeHash(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> destination)
    {
        Span<byte> buffer = stackalloc byte[1 + 2 * HashLength];
        buffer[0] = 1;
        left.CopyTo(buffer[1..]);
        right.CopyTo(buffer[(1 + HashLength)..]);
        SHA256.HashData(buffer, destination);
    }

    /// <summary>The tree over leaves' bytes (each hashed as a leaf).</summary>
    public static MerkleTree FromLeaves(IReadOnlyList<byte[]> leaves)
    {
        ArgumentNullException.ThrowIfNull(leaves);
        var hashes = new byte[checked(leaves.Count * HashLength)];
        for (int i = 0; i < leaves.Count; i++) LeafHash(leaves[i], hashes.AsSpan(i * HashLength, HashLength));
        return FromLeafHashes(hashes);
    }

    /// <summary>The tree over leaf hashes, given concatenated (32 bytes each; the array is kept, not copied).</summary>
    /// <exception cref="ArgumentException">The length is not a multiple of 32.</exception>
    public static MerkleTree FromLeafHashes(byte[] concatenatedLeafHashes)
    {
        ArgumentNullException.ThrowIfNull(concatenatedLeafHashes);
        if (concatenatedLeafHashes.Length % HashLength != 0) throw new ArgumentException("leaf hashes are 32 bytes each", nameof(concatenatedLeafHashes));
        int size = concatenatedLeafHashes.Length / HashLength;
        var levels = new List<byte[]> { concatenatedLeafHashes };
        var level = concatenatedLeafHashes;
        int count = size;
        while (count > 1)
        {
            int parents = (count + 1) / 2;
            var next = new byte[parents * HashLength];
            var current = level;
            int n = count;
            if (parents >= ParallelThreshold)
            {
                int chunks = Environment.ProcessorCount * 4;
                int per = (parents + chunks - 1) / chunks;
                Parallel.For(0, chunks, c => HashRange(current, n, next, c * per, Math.Min(parents, (c + 1) * per)));
            }
            else HashRange(current, n, next, 0, parents);
            levels.Add(next);
            level = next;
            count = parents;
        }
        return new MerkleTree([.. levels], size);
    }

    private static void HashRange(byte[] level, int count, byte[] parents, int from, int to)
    {
        for (int j = from; j < to; j++)
        {
            var dest = parents.AsSpan(j * HashLength, HashLength);
            int left = 2 * j;
            if (left + 1 < count) NodeHash(level.AsSpan(left * HashLength, HashLength), level.AsSpan((left + 1) * HashLength, HashLength), dest);
            else level.AsSpan(left * HashLength, HashLength).CopyTo(dest); // the odd node is promoted
        }
    }

    /// <summary>The hash of leaf <paramref name="index"/>.</summary>
    public byte[] LeafHashAt(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Size);
        return _levels[0].AsSpan(index * HashLength, HashLength).ToArray();
    }

    /// <summary>The number of hashes in the audit path of leaf <paramref name="index"/>.</summary>
    public int AuditPathLength(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Size);
        int length = 0, count = Size;
        for (int level = 0; count > 1; level++)
        {
            if ((index ^ 1) < count) length++;
            index >>= 1;
            count = (count + 1) / 2;
        }
        return length;
    }

    /// <summary>The RFC 9162 audit path of leaf <paramref name="index"/>, sibling first.</summary>
    public byte[][] AuditPath(int index)
    {
        var buffer = new byte[AuditPathLength(index) * HashLength];
        int n = WriteAuditPath(index, buffer);
        var path = new byte[n][];
        for (int i = 0; i < n; i++) path[i] = buffer.AsSpan(i * HashLength, HashLength).ToArray();
        return path;
    }

    /// <summary>Writes the audit path of leaf <paramref name="index"/> (hashes concatenated) and returns how many hashes it holds.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="AuditPathLength"/> × 32.</exception>
    public int WriteAuditPath(int index, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Size);
        int written = 0, count = Size;
        for (int level = 0; count > 1; level++)
        {
            int sibling = index ^ 1;
            if (sibling < count)
            {
                if (destination.Length < (written + 1) * HashLength) throw new ArgumentException("the destination is too short", nameof(destination));
                _levels[level].AsSpan(sibling * HashLength, HashLength).CopyTo(destination[(written * HashLength)..]);
                written++;
            }
            index >>= 1;
            count = (count + 1) / 2;
        }
        return written;
    }

    /// <summary>The root of the tree over <paramref name="leaves"/> (bytes, each hashed as a leaf).</summary>
    public static byte[] RootOf(IReadOnlyList<byte[]> leaves) => FromLeaves(leaves).Root;

    /// <summary>
    /// RFC 9162 §2.1.3.2: true when <paramref name="path"/> proves that <paramref name="leafHash"/> is leaf
    /// <paramref name="index"/> of the tree of <paramref name="size"/> leaves with root <paramref name="root"/>.
    /// The size is part of the check: a path can fit another size too.
    /// </summary>
    public static bool VerifyInclusion(ReadOnlySpan<byte> leafHash, ulong index, ulong size, IReadOnlyList<byte[]> path, ReadOnlySpan<byte> root)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (index >= size || leafHash.Length != HashLength || root.Length != HashLength) return false;
        ulong fn = index, sn = size - 1;
        Span<byte> r = stackalloc byte[HashLength];
        leafHash.CopyTo(r);
        foreach (var p in path)
        {
            if (p is null || p.Length != HashLength || sn == 0) return false;
            if ((fn & 1) == 1 || fn == sn)
            {
                NodeHash(p, r, r);
                if ((fn & 1) == 0)
                    while ((fn & 1) == 0 && fn != 0) { fn >>= 1; sn >>= 1; }
            }
            else NodeHash(r, p, r);
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && r.SequenceEqual(root);
    }
}
