using System.Formats.Cbor;
using Icp.Agent.Cbor;
using Icp.Agent.Hashing;
using Icp.Candid;

namespace Icp.Agent.Certification;

/// <summary>
/// A decoded IC certificate: <c>{tree, signature, delegation?}</c> (CBOR, optionally behind tag 55799).
/// Decoding checks only the shape; <see cref="CertificateVerifier"/> checks signatures, scope and time.
/// </summary>
public sealed class Certificate
{
    private Certificate(HashTree tree, byte[] signature, CertificateDelegation? delegation)
    {
        Tree = tree;
        Signature = signature;
        Delegation = delegation;
    }

    /// <summary>The certified hash tree.</summary>
    public HashTree Tree { get; }

    /// <summary>The BLS signature (48 bytes for a valid certificate; not checked here).</summary>
    public byte[] Signature { get; }

    /// <summary>The delegation from the root subnet, when a non-root subnet signed the certificate.</summary>
    public CertificateDelegation? Delegation { get; }

    /// <summary><c>reconstruct(tree)</c>: the root hash the signature covers.</summary>
    public byte[] RootHash => Tree.Digest();

    /// <summary>The exact bytes the BLS signature covers: <c>\x0Dic-state-root</c> ‖ root hash.</summary>
    public byte[] SignedMessage => DomainSeparators.Prefix(DomainSeparators.StateRoot, Tree.DigestSpan);

    /// <summary>Looks a value up in the tree (the spec's <c>lookup_path</c>).</summary>
    public LookupResult Lookup(params string[] path) => Tree.Lookup(path);

    /// <summary>Looks a value up in the tree (the spec's <c>lookup_path</c>).</summary>
    public LookupResult Lookup(params byte[][] path) => Tree.Lookup(path);

    /// <summary>The certified <c>/time</c>: nanoseconds since the Unix epoch (a LEB128 natural in the tree).</summary>
    /// <exception cref="CertificateVerificationException">MissingTime when not found, Malformed when not a valid LEB128.</exception>
    public ulong TimeNanoseconds
    {
        get
        {
            var result = Tree.Lookup("time");
            if (!result.IsFound) throw new CertificateVerificationException(CertificateVerificationError.MissingTime, $"/time lookup gave {result.Status}");
            try { return Leb128.DecodeUnsigned(result.Value); }
            catch (FormatException e) { throw new CertificateVerificationException(CertificateVerificationError.Malformed, "/time is not a LEB128 natural: " + e.Message, e); }
        }
    }

    /// <summary>The certified <c>/time</c> as a UTC instant (to 100 ns).</summary>
    public DateTimeOffset Time => IcTime.ToDateTimeOffset(TimeNanoseconds);

    /// <summary>Decodes a certificate from CBOR.</summary>
    /// <exception cref="CertificateVerificationException">Malformed: bad CBOR, missing or mistyped fields, a bad tree.</exception>
    public static Certificate Decode(ReadOnlyMemory<byte> cbor)
    {
        try
        {
            var reader = new DeepCborReader(cbor);
            var certificate = Read(reader);
            if (reader.BytesRemaining != 0) throw Malformed("trailing bytes after the certificate");
            return certificate;
        }
        catch (FormatException e) { throw Malformed("bad CBOR: " + e.Message, e); }
        catch (HashTreeException e) { throw Malformed("bad tree: " + e.Message, e); }
        catch (ArgumentException e) { throw Malformed(e.Message, e); }
    }

    // Unknown fields are skipped up to this depth (their content is not needed, only their extent).
    private const int MaxSkipDepth = 64;

    private static Certificate Read(DeepCborReader reader)
    {
        SkipSelfDescribeTag(reader);
        if (reader.PeekMajor() != DeepCborReader.MajorMap) throw Malformed("a certificate is a CBOR map");
        var count = reader.ReadMapHeader();
        HashTree? tree = null;
        byte[]? signature = null;
        CertificateDelegation? delegation = null;
        for (var i = 0; i < count; i++)
        {
            switch (reader.ReadText())
            {
                case "tree": tree = HashTreeCbor.Read(reader); break;
                case "signature": signature = reader.ReadBytes(); break;
                case "delegation":
                    // One re-encoded fixture carries "delegation: null"; treat it as absent.
                    if (reader.PeekIsNull()) { reader.ReadNull(); break; }
                    delegation = ReadDelegation(reader);
                    break;
                default: reader.SkipValue(MaxSkipDepth); break; // the CBOR maps are extensible
            }
        }
        return new Certificate(tree ?? throw Malformed("no 'tree'"), signature ?? throw Malformed("no 'signature'"), delegation);
    }

    private static CertificateDelegation ReadDelegation(DeepCborReader reader)
    {
        if (reader.PeekMajor() != DeepCborReader.MajorMap) throw Malformed("a delegation is a CBOR map");
        var count = reader.ReadMapHeader();
        byte[]? subnetId = null, certificate = null;
        for (var i = 0; i < count; i++)
        {
            switch (reader.ReadText())
            {
                case "subnet_id": subnetId = reader.ReadBytes(); break;
                case "certificate": certificate = reader.ReadBytes(); break;
                default: reader.SkipValue(MaxSkipDepth); break;
            }
        }
        if (subnetId is null) throw Malformed("delegation without 'subnet_id'");
        if (certificate is null) throw Malformed("delegation without 'certificate'");
        if (subnetId.Length > Principal.MaxLength) throw Malformed("delegation subnet_id is longer than a principal");
        return new CertificateDelegation(Principal.FromBytes(subnetId), certificate);
    }

    private static void SkipSelfDescribeTag(DeepCborReader reader)
    {
        if (reader.PeekMajor() == DeepCborReader.MajorTag && reader.ReadTag() != HashTreeCbor.SelfDescribeTag)
            throw Malformed("unexpected CBOR tag before the certificate");
    }

    internal static void SkipSelfDescribeTag(CborReader reader)
    {
        if (reader.PeekState() == CborReaderState.Tag && reader.PeekTag() == (CborTag)HashTreeCbor.SelfDescribeTag) reader.ReadTag();
    }

    private static CertificateVerificationException Malformed(string message, Exception? inner = null) =>
        inner is null
            ? new CertificateVerificationException(CertificateVerificationError.Malformed, message)
            : new CertificateVerificationException(CertificateVerificationError.Malformed, message, inner);
}

/// <summary>A certificate's delegation: the subnet that signed it and the root-signed certificate vouching for that subnet's key.</summary>
/// <param name="SubnetId">The id of the subnet whose key signed the outer certificate.</param>
/// <param name="CertificateBytes">The CBOR of the delegation certificate (signed by the root subnet).</param>
public sealed record CertificateDelegation(Principal SubnetId, byte[] CertificateBytes);
