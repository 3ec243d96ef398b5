using System.Security.Cryptography;

namespace Icp.Bls12381;

/// <summary>RFC 9380 §5.3.1 expand_message_xmd with SHA-256.</summary>
internal static class ExpandMessage
{
    private const int HashSize = 32;
    private const int BlockSize = 64;

    /// <summary>
    /// Fills <paramref name="output"/> with uniform bytes derived from the message and domain separation tag.
    /// Tags longer than 255 bytes are first hashed as RFC 9380 §5.3.3 prescribes.
    /// </summary>
    internal static void Xmd(ReadOnlySpan<byte> message, ReadOnlySpan<byte> dst, Span<byte> output)
    {
        int len = output.Length;
        int ell = (len + HashSize - 1) / HashSize;
        if (ell > 255 || len > 65535)
        {
            throw new ArgumentException("expand_message_xmd: requested length is too large", nameof(output));
        }
        Span<byte> shortDst = stackalloc byte[HashSize];
        scoped ReadOnlySpan<byte> tag = dst;
        if (dst.Length > 255)
        {
            using var h = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            h.AppendData("H2C-OVERSIZE-DST-"u8);
            h.AppendData(dst);
            h.GetHashAndReset(shortDst);
            tag = shortDst;
        }
        Span<byte> dstLen = [(byte)tag.Length];
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        // b_0 = H(Z_pad || msg || I2OSP(len, 2) || I2OSP(0, 1) || DST_prime)
        Span<byte> zPad = stackalloc byte[BlockSize];
        zPad.Clear();
        sha.AppendData(zPad);
        sha.AppendData(message);
        sha.AppendData([(byte)(len >> 8), (byte)len, 0]);
        sha.AppendData(tag);
        sha.AppendData(dstLen);
        Span<byte> b0 = stackalloc byte[HashSize];
        sha.GetHashAndReset(b0);

        // b_1 = H(b_0 || 1 || DST_prime); b_i = H((b_0 xor b_(i-1)) || i || DST_prime)
        Span<byte> bi = stackalloc byte[HashSize];
        Span<byte> mixed = stackalloc byte[HashSize];
        for (int i = 1; i <= ell; i++)
        {
            if (i == 1)
            {
                sha.AppendData(b0);
            }
            else
            {
                for (int j = 0; j < HashSize; j++)
                {
                    mixed[j] = (byte)(b0[j] ^ bi[j]);
                }
                sha.AppendData(mixed);
            }
            sha.AppendData([(byte)i]);
            sha.AppendData(tag);
            sha.AppendData(dstLen);
            sha.GetHashAndReset(bi);
            int offset = (i - 1) * HashSize;
            bi[..Math.Min(HashSize, len - offset)].CopyTo(output[offset..]);
        }
    }
}
