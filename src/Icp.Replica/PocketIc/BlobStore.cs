using System.Collections.Concurrent;
using System.IO.Compression;
using System.Security.Cryptography;

namespace Icp.Replica.PocketIc;

/// <summary>
/// The server's blob store (<c>POST /blobstore</c>, <c>GET /blobstore/{id}</c>): uploaded bytes by their SHA-256,
/// optionally gzip-compressed (a <c>Content-Encoding: gzip</c> upload), for operations that take large inputs by id
/// (set_stable_memory).
/// </summary>
internal sealed class BlobStore
{
    /// <summary>The largest blob accepted, compressed or not, and the largest a gzip blob may inflate to.</summary>
    public const int MaxBlobBytes = 512 * 1024 * 1024;

    private readonly ConcurrentDictionary<string, (byte[] Data, bool Gzip)> _blobs = new(StringComparer.Ordinal);
    private long _totalBytes;

    /// <summary>Stores a blob; returns its id (the SHA-256 of the bytes as uploaded).</summary>
    /// <exception cref="PocketIcException">The store would exceed its total size limit.</exception>
    public byte[] Put(byte[] data, bool gzip)
    {
        byte[] id = SHA256.HashData(data);
        if (_blobs.TryAdd(Convert.ToHexStringLower(id), (data, gzip)) && Interlocked.Add(ref _totalBytes, data.Length) > 4L * MaxBlobBytes)
        {
            _blobs.TryRemove(Convert.ToHexStringLower(id), out _);
            Interlocked.Add(ref _totalBytes, -data.Length);
            throw new PocketIcException(507, $"The blob store is full ({4L * MaxBlobBytes} bytes).");
        }
        return id;
    }

    /// <summary>A blob as uploaded, with whether it is gzip-compressed.</summary>
    public (byte[] Data, bool Gzip)? Get(ReadOnlySpan<byte> id) =>
        _blobs.TryGetValue(Convert.ToHexStringLower(id), out var blob) ? blob : null;

    /// <summary>A blob's content, inflated when it was uploaded compressed.</summary>
    /// <exception cref="PocketIcException">No such blob, or it does not inflate within the limit.</exception>
    public byte[] GetContent(ReadOnlySpan<byte> id)
    {
        var (data, gzip) = Get(id) ?? throw PocketIcException.BadRequest($"BlobNotFound({Convert.ToHexStringLower(id)})");
        if (!gzip) return data;
        try
        {
            using var input = new GZipStream(new MemoryStream(data), CompressionMode.Decompress);
            using var output = new MemoryStream();
            var buffer = new byte[81920];
            int n;
            while ((n = input.Read(buffer)) > 0)
            {
                output.Write(buffer, 0, n);
                if (output.Length > MaxBlobBytes) throw PocketIcException.BadRequest($"The blob inflates to more than {MaxBlobBytes} bytes.");
            }
            return output.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw PocketIcException.BadRequest($"The blob is not valid gzip: {e.Message}");
        }
    }
}
