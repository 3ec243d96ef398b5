using System.Numerics;
using System.Security.Cryptography;

namespace Icp.Bls12381;

using G1Proj = ProjectivePoint<Fp, G1Curve>;
using G2Proj = ProjectivePoint<Fp2, G2Curve>;

/// <summary>
/// A BLS secret key: a scalar in [1, r). Signs with the IC's scheme (signature = sk·H(m) in G1) and
/// exposes the matching public key sk·g2.
/// </summary>
public sealed class BlsSecretKey
{
    /// <summary>Size of the big-endian scalar encoding.</summary>
    public const int Size = 32;

    private readonly ulong[] _limbs;
    // The scalar split for G1Glv (k = k1 + k2·x²), computed once: signing walks the two 128-bit halves together.
    private readonly ulong[] _glvK1, _glvK2;
    private byte[]? _publicKey;

    private BlsSecretKey(BigInteger scalar)
    {
        _limbs = Scalar.ToLimbs(Scalar.ToBytes32(scalar));
        (_glvK1, _glvK2) = G1Glv.Decompose(scalar);
    }

    /// <summary>
    /// Reads a 32-byte big-endian scalar; it must be in [1, r).
    /// </summary>
    /// <param name="scalarBigEndian">The secret scalar.</param>
    /// <exception cref="ArgumentException">The bytes are not a valid secret key.</exception>
    public static BlsSecretKey FromBytes(ReadOnlySpan<byte> scalarBigEndian)
    {
        if (scalarBigEndian.Length != Size)
        {
            throw new ArgumentException("A BLS secret key is 32 bytes.", nameof(scalarBigEndian));
        }
        BigInteger k = Scalar.ToBigInteger(scalarBigEndian);
        if (k.IsZero || k >= Bls12381Params.R)
        {
            throw new ArgumentException("A BLS secret key must be in [1, r).", nameof(scalarBigEndian));
        }
        return new BlsSecretKey(k);
    }

    /// <summary>
    /// Derives a key from input keying material with KeyGen of draft-irtf-cfrg-bls-signature-05 §2.3
    /// (HKDF-SHA-256, salt "BLS-SIG-KEYGEN-SALT-", 48 bytes reduced mod r).
    /// </summary>
    /// <param name="ikm">At least 32 bytes of secret keying material.</param>
    /// <param name="keyInfo">Optional key information (may be empty).</param>
    public static BlsSecretKey FromSeed(ReadOnlySpan<byte> ikm, ReadOnlySpan<byte> keyInfo = default)
    {
        if (ikm.Length < 32)
        {
            throw new ArgumentException("KeyGen needs at least 32 bytes of keying material.", nameof(ikm));
        }
        const int l = 48;
        byte[] salt = "BLS-SIG-KEYGEN-SALT-"u8.ToArray();
        byte[] ikmPrime = [.. ikm, 0];
        byte[] info = [.. keyInfo, 0, l];
        var okm = new byte[l];
        while (true)
        {
            salt = SHA256.HashData(salt);
            byte[] prk = HKDF.Extract(HashAlgorithmName.SHA256, ikmPrime, salt);
            HKDF.Expand(HashAlgorithmName.SHA256, prk, okm, info);
            BigInteger sk = new BigInteger(okm, isUnsigned: true, isBigEndian: true) % Bls12381Params.R;
            CryptographicOperations.ZeroMemory(prk);
            if (!sk.IsZero)
            {
                CryptographicOperations.ZeroMemory(okm);
                CryptographicOperations.ZeroMemory(ikmPrime);
                return new BlsSecretKey(sk);
            }
        }
    }

    /// <summary>Generates a fresh key from 32 bytes of the system's cryptographic random generator.</summary>
    public static BlsSecretKey Generate()
    {
        Span<byte> ikm = stackalloc byte[32];
        RandomNumberGenerator.Fill(ikm);
        BlsSecretKey key = FromSeed(ikm);
        CryptographicOperations.ZeroMemory(ikm);
        return key;
    }

    /// <summary>The 32-byte big-endian scalar.</summary>
    public byte[] ToBytes()
    {
        var output = new byte[Size];
        for (int i = 0; i < 4; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(output.AsSpan(24 - 8 * i, 8), _limbs[i]);
        }
        return output;
    }

    /// <summary>The 96-byte compressed public key sk·g2.</summary>
    public byte[] PublicKey
    {
        get
        {
            if (_publicKey is null)
            {
                var pk = new byte[G2Point.CompressedSize];
                G2.Compress(G2Proj.MulConstantTime(G2.Generator, _limbs), pk);
                _publicKey = pk;
            }
            return (byte[])_publicKey.Clone();
        }
    }

    /// <summary>Signs a message: the 48-byte compressed G1 point sk·H(m) with the IC signature DST.</summary>
    /// <param name="message">The message to sign.</param>
    public byte[] Sign(ReadOnlySpan<byte> message)
    {
        G1Proj h = HashToCurve.HashToG1Internal(message, BlsSignature.SignatureDst);
        var sig = new byte[G1Point.CompressedSize];
        G1.Compress(G1Glv.Mul(h, _glvK1, _glvK2), sig);
        return sig;
    }
}
