using System.Formats.Asn1;
using System.Security.Cryptography;

namespace Icp.Agent.Identities;

/// <summary>
/// Loads and saves identity keys in the PEM forms the <c>dfx</c> and <c>icp</c> command lines use:
/// Ed25519 as PKCS#8 "PRIVATE KEY" (v1, v2 with the public key, and old dfx's nonconforming v2),
/// secp256k1 and P-256 as SEC1 "EC PRIVATE KEY" (optionally after an "EC PARAMETERS" block) or PKCS#8.
/// </summary>
public static class IdentityPem
{
    internal const string Ed25519Oid = "1.3.101.112";
    internal const string EcPublicKeyOid = "1.2.840.10045.2.1";
    internal const string Secp256k1Oid = "1.3.132.0.10";
    internal const string P256Oid = "1.2.840.10045.3.1.7";

    /// <summary>
    /// The largest key block read (its DER bytes). Real keys take under 200 bytes; the bound keeps a hostile block of
    /// deeply nested indefinite-length BER, whose parsing costs grow faster than its size, small.
    /// </summary>
    public const int MaxKeyBytes = 4096;

    /// <summary>The largest PEM file <see cref="LoadFile"/> reads.</summary>
    public const int MaxFileBytes = 1024 * 1024;

    /// <summary>Loads the key in <paramref name="pem"/> as an identity of the matching type.</summary>
    /// <exception cref="FormatException">No key block, an encrypted key, an unknown algorithm or curve, or a malformed key.</exception>
    public static IIdentity Load(string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        var text = pem.AsSpan();
        var labels = new List<string>();
        while (PemEncoding.TryFind(text, out var fields))
        {
            var label = text[fields.Label].ToString();
            labels.Add(label);
            if (fields.DecodedDataLength > MaxKeyBytes)
                throw new FormatException($"the PEM block '{label}' holds {fields.DecodedDataLength} bytes, more than a key ({MaxKeyBytes} at most)");
            byte[] der;
            try { der = Convert.FromBase64String(text[fields.Base64Data].ToString()); }
            catch (FormatException e) { throw new FormatException($"the PEM block '{label}' is not valid base64", e); }
            switch (label)
            {
                case "PRIVATE KEY": return Wrap(() => FromPkcs8(der), "PKCS#8 private key");
                case "EC PRIVATE KEY": return Wrap(() => FromSec1(der, null), "SEC1 EC private key");
                case "EC PARAMETERS": break; // openssl ecparam -genkey writes this before the key; the key repeats the curve
                case "ENCRYPTED PRIVATE KEY":
                    throw new FormatException("the PEM key is encrypted; export it unencrypted first (e.g. `dfx identity export` or `icp identity export`)");
                default:
                    throw new FormatException($"unsupported PEM block '{label}': expected PRIVATE KEY or EC PRIVATE KEY");
            }
            text = text[fields.Location.End..];
        }
        throw new FormatException(labels.Count == 0 ? "no PEM block found" : $"no private key among the PEM blocks ({string.Join(", ", labels)})");
    }

    /// <summary>Loads a PEM file.</summary>
    /// <exception cref="FormatException">See <see cref="Load"/>; also a file larger than <see cref="MaxFileBytes"/>.</exception>
    public static IIdentity LoadFile(string path)
    {
        var length = new FileInfo(path).Length;
        if (length > MaxFileBytes) throw new FormatException($"{path} is {length} bytes, too large for a PEM key file ({MaxFileBytes} at most)");
        return Load(File.ReadAllText(path));
    }

    private static IIdentity Wrap(Func<IIdentity> parse, string what)
    {
        try { return parse(); }
        catch (AsnContentException e) { throw new FormatException($"malformed {what}: {e.Message}", e); }
        catch (ArgumentException e) { throw new FormatException($"invalid {what}: {e.Message}", e); }
        catch (CryptographicException e) { throw new FormatException($"invalid {what}: {e.Message}", e); }
    }

    // OneAsymmetricKey (RFC 5958): SEQUENCE { version, AlgorithmIdentifier, privateKey OCTET STRING, [0] attributes?, [1] publicKey? }
    private static IIdentity FromPkcs8(byte[] der)
    {
        var outer = new AsnReader(der, AsnEncodingRules.BER);
        var seq = outer.ReadSequence();
        if (outer.HasData) throw new FormatException("trailing data after the PKCS#8 key");
        var version = seq.ReadInteger();
        if (version != 0 && version != 1) throw new FormatException($"unknown PKCS#8 version {version}");
        var algorithm = seq.ReadSequence();
        var oid = algorithm.ReadObjectIdentifier();
        string? curve = algorithm.HasData && algorithm.PeekTag() == Asn1Tag.ObjectIdentifier ? algorithm.ReadObjectIdentifier() : null;
        var privateKey = seq.ReadOctetString();
        if (seq.HasData && seq.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0))) seq.ReadEncodedValue(); // attributes
        byte[]? publicKey = null;
        if (seq.HasData)
        {
            var tag = seq.PeekTag();
            if (!tag.HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 1))) throw new FormatException("unexpected field in the PKCS#8 key");
            publicKey = tag.IsConstructed
                // Old dfx (through ring) wrote [1] EXPLICIT BIT STRING; RFC 5958 says [1] IMPLICIT. Accept both.
                ? ReadExplicitBitString(seq)
                : seq.ReadBitString(out _, new Asn1Tag(TagClass.ContextSpecific, 1));
        }
        if (seq.HasData) throw new FormatException("trailing fields in the PKCS#8 key");

        switch (oid)
        {
            case Ed25519Oid:
                {
                    // The private key is an OCTET STRING holding the 32-byte seed (RFC 8410 CurvePrivateKey).
                    var seed = new AsnReader(privateKey, AsnEncodingRules.BER).ReadOctetString();
                    var identity = Ed25519Identity.FromSeed(seed);
                    if (publicKey is not null && !publicKey.AsSpan().SequenceEqual(identity.PublicKey))
                        throw new FormatException("the PKCS#8 public key does not match the Ed25519 private key");
                    return identity;
                }
            case EcPublicKeyOid:
                return FromSec1(privateKey, curve ?? throw new FormatException("the PKCS#8 EC key names no curve"));
            default:
                throw new FormatException($"unsupported key algorithm {oid}: expected Ed25519 ({Ed25519Oid}) or EC ({EcPublicKeyOid})");
        }
    }

    private static byte[] ReadExplicitBitString(AsnReader seq)
    {
        var inner = seq.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 1, isConstructed: true));
        var bits = inner.ReadBitString(out _);
        if (inner.HasData) throw new FormatException("trailing data in the PKCS#8 public key");
        return bits;
    }

    // ECPrivateKey (RFC 5915): SEQUENCE { version 1, privateKey OCTET STRING, [0] parameters OID?, [1] publicKey BIT STRING? }
    private static IIdentity FromSec1(byte[] der, string? curveFromPkcs8)
    {
        var outer = new AsnReader(der, AsnEncodingRules.BER);
        var seq = outer.ReadSequence();
        if (outer.HasData) throw new FormatException("trailing data after the EC key");
        if (seq.ReadInteger() != 1) throw new FormatException("unknown EC private key version");
        var d = seq.ReadOctetString();
        string? curve = null;
        byte[]? publicKey = null;
        if (seq.HasData && seq.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0)))
        {
            var p = seq.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true));
            curve = p.ReadObjectIdentifier();
        }
        if (seq.HasData && seq.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 1)))
        {
            var p = seq.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 1, isConstructed: true));
            publicKey = p.ReadBitString(out _);
        }
        if (curve is not null && curveFromPkcs8 is not null && curve != curveFromPkcs8) throw new FormatException("the EC key names two different curves");
        curve ??= curveFromPkcs8 ?? throw new FormatException("the EC private key names no curve");
        if (curve != Secp256k1Oid && curve != P256Oid)
            throw new FormatException($"unsupported EC curve {curve}: expected secp256k1 ({Secp256k1Oid}) or prime256v1 ({P256Oid})");
        if (d.Length > 32) throw new FormatException("the EC private key is longer than 32 bytes");
        var scalar = new byte[32];
        d.CopyTo(scalar.AsSpan(32 - d.Length));

        IIdentity identity = curve switch
        {
            Secp256k1Oid => Secp256k1Identity.FromPrivateKey(scalar),
            P256Oid => P256Identity.FromPrivateKey(scalar),
            _ => throw new FormatException($"unsupported EC curve {curve}: expected secp256k1 ({Secp256k1Oid}) or prime256v1 ({P256Oid})"),
        };
        if (publicKey is not null && !identity.PublicKeyDer!.AsSpan().EndsWith(publicKey))
            throw new FormatException("the EC public key does not match the private key");
        return identity;
    }

    internal static string Ed25519ToPem(byte[] seed)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(0);
            using (writer.PushSequence()) writer.WriteObjectIdentifier(Ed25519Oid);
            var inner = new AsnWriter(AsnEncodingRules.DER);
            inner.WriteOctetString(seed);
            writer.WriteOctetString(inner.Encode());
        }
        return PemEncoding.WriteString("PRIVATE KEY", writer.Encode()) + "\n";
    }

    internal static string EcToPem(byte[] privateKey, ReadOnlySpan<byte> uncompressedPoint, string curveOid)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(1);
            writer.WriteOctetString(privateKey);
            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true))) writer.WriteObjectIdentifier(curveOid);
            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 1, isConstructed: true))) writer.WriteBitString(uncompressedPoint);
        }
        return PemEncoding.WriteString("EC PRIVATE KEY", writer.Encode()) + "\n";
    }
}
