using System.Formats.Cbor;
using System.Numerics;
using Icp.Agent.Hashing;
using Icp.Agent.Identities;
using Icp.Candid;

namespace Icp.Agent.Requests;

/// <summary>
/// A request envelope: <c>55799({content, sender_pubkey?, sender_sig?, sender_delegation?})</c>, the CBOR body POSTed
/// to <c>/call</c>, <c>/query</c> and <c>/read_state</c>.
/// </summary>
public sealed class Envelope
{
    /// <summary>An envelope from its parts (use <see cref="Sign"/> to build a signed one).</summary>
    public Envelope(RequestContent content, byte[]? senderPublicKey, byte[]? senderSignature, IReadOnlyList<SignedDelegation>? senderDelegation)
    {
        Content = content ?? throw new ArgumentNullException(nameof(content));
        SenderPublicKey = senderPublicKey;
        SenderSignature = senderSignature;
        SenderDelegation = senderDelegation is { Count: > 0 } ? senderDelegation : null;
    }

    /// <summary>The request content.</summary>
    public RequestContent Content { get; }

    /// <summary>The sender's DER public key, absent for anonymous requests.</summary>
    public byte[]? SenderPublicKey { get; }

    /// <summary>The signature over <c>\x0Aic-request</c> ‖ request id, absent for anonymous requests.</summary>
    public byte[]? SenderSignature { get; }

    /// <summary>The delegation chain, absent when the key signs directly.</summary>
    public IReadOnlyList<SignedDelegation>? SenderDelegation { get; }

    /// <summary>
    /// Signs <paramref name="content"/> as <paramref name="identity"/>: an anonymous identity gives an envelope with only
    /// the content; any other signs <c>\x0Aic-request</c> ‖ request id and attaches its key and delegations.
    /// </summary>
    /// <exception cref="ArgumentException">The content's sender is not the identity's principal.</exception>
    public static Envelope Sign(RequestContent content, IIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(identity);
        if (content.Sender != identity.Sender) throw new ArgumentException($"the content's sender {content.Sender} is not the identity's principal {identity.Sender}");
        var publicKey = identity.PublicKeyDer;
        if (publicKey is null) return new Envelope(content, null, null, null);
        var signature = identity.Sign(content.RequestId.SignableMessage());
        return new Envelope(content, publicKey, signature, identity.DelegationChain);
    }

    /// <summary>The CBOR body, with the self-describing tag.</summary>
    public byte[] ToCbor()
    {
        var writer = new CborWriter(CborConformanceMode.Lax, convertIndefiniteLengthEncodings: false);
        writer.WriteTag((CborTag)55799);
        var count = 1 + (SenderPublicKey is null ? 0 : 1) + (SenderSignature is null ? 0 : 1) + (SenderDelegation is null ? 0 : 1);
        writer.WriteStartMap(count);
        writer.WriteTextString("content");
        WriteContent(writer, Content);
        if (SenderPublicKey is not null) { writer.WriteTextString("sender_pubkey"); writer.WriteByteString(SenderPublicKey); }
        if (SenderSignature is not null) { writer.WriteTextString("sender_sig"); writer.WriteByteString(SenderSignature); }
        if (SenderDelegation is not null)
        {
            writer.WriteTextString("sender_delegation");
            writer.WriteStartArray(SenderDelegation.Count);
            foreach (var sd in SenderDelegation)
            {
                writer.WriteStartMap(2);
                writer.WriteTextString("delegation");
                WriteMap(writer, sd.Delegation.ToHashable());
                writer.WriteTextString("signature");
                writer.WriteByteString(sd.Signature);
                writer.WriteEndMap();
            }
            writer.WriteEndArray();
        }
        writer.WriteEndMap();
        return writer.Encode();
    }

    private static void WriteContent(CborWriter writer, RequestContent content) => WriteMap(writer, content.ToFields());

    // Every content and delegation field maps onto one CBOR kind: blob → bytes, text → text, nat → unsigned, array → array.
    private static void WriteMap(CborWriter writer, IEnumerable<KeyValuePair<string, HashableValue>> fields)
    {
        var list = fields.ToList();
        writer.WriteStartMap(list.Count);
        foreach (var (key, value) in list)
        {
            writer.WriteTextString(key);
            WriteValue(writer, value);
        }
        writer.WriteEndMap();
    }

    private static void WriteValue(CborWriter writer, HashableValue value)
    {
        switch (value)
        {
            case HashableValue.BlobValue b: writer.WriteByteString(b.Bytes); break;
            case HashableValue.TextValue t: writer.WriteTextString(t.Value); break;
            // Plain CBOR integers (major types 0 and 1), never bignum tags: every IC field fits in 64 bits.
            case HashableValue.NatValue n: writer.WriteUInt64(checked((ulong)n.Value)); break;
            case HashableValue.IntValue i when i.Value.Sign >= 0: writer.WriteUInt64(checked((ulong)i.Value)); break;
            case HashableValue.IntValue i: writer.WriteCborNegativeIntegerRepresentation(checked((ulong)(BigInteger.MinusOne - i.Value))); break;
            case HashableValue.ArrayValue a:
                writer.WriteStartArray(a.Items.Count);
                foreach (var item in a.Items) WriteValue(writer, item);
                writer.WriteEndArray();
                break;
            case HashableValue.MapValue m: WriteMap(writer, m.Fields); break;
        }
    }

    /// <summary>Decodes an envelope (e.g. a recorded request body).</summary>
    /// <exception cref="FormatException">Malformed CBOR, an unknown request type, or missing fields.</exception>
    public static Envelope Decode(ReadOnlyMemory<byte> cbor)
    {
        try
        {
            var reader = new CborReader(cbor, CborConformanceMode.Lax);
            var map = CborValues.ReadTopLevelMap(reader);
            if (!map.TryGetValue("content", out var contentValue) || contentValue is not HashableValue.MapValue content)
                throw new FormatException("an envelope has a 'content' map");
            var publicKey = map.TryGetValue("sender_pubkey", out var pk) ? CborValues.Blob(pk, "sender_pubkey") : null;
            var signature = map.TryGetValue("sender_sig", out var sig) ? CborValues.Blob(sig, "sender_sig") : null;
            List<SignedDelegation>? delegations = null;
            if (map.TryGetValue("sender_delegation", out var sdv))
            {
                if (sdv is not HashableValue.ArrayValue sda) throw new FormatException("sender_delegation is an array");
                delegations = [.. sda.Items.Select(ReadSignedDelegation)];
            }
            return new Envelope(ContentFromFields(content.Fields), publicKey, signature, delegations);
        }
        catch (CborContentException e) { throw new FormatException("bad CBOR in envelope: " + e.Message, e); }
        catch (InvalidOperationException e) { throw new FormatException("bad CBOR in envelope: " + e.Message, e); }
    }

    /// <summary>Reads a content map's fields into a typed content.</summary>
    /// <exception cref="FormatException">An unknown request type or missing fields.</exception>
    public static RequestContent ContentFromFields(IReadOnlyDictionary<string, HashableValue> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var type = CborValues.Text(Get(fields, "request_type"), "request_type");
        var sender = CborValues.Principal(Get(fields, "sender"), "sender");
        var expiry = CborValues.Nat(Get(fields, "ingress_expiry"), "ingress_expiry");
        var nonce = fields.TryGetValue("nonce", out var n) ? CborValues.Blob(n, "nonce") : null;
        switch (type)
        {
            case "call":
            case "query":
                var canister = CborValues.Principal(Get(fields, "canister_id"), "canister_id");
                var method = CborValues.Text(Get(fields, "method_name"), "method_name");
                var arg = CborValues.Blob(Get(fields, "arg"), "arg");
                return type == "call"
                    ? new CallContent(sender, expiry, nonce, canister, method, arg)
                    : new QueryContent(sender, expiry, nonce, canister, method, arg);
            case "read_state":
                if (Get(fields, "paths") is not HashableValue.ArrayValue paths) throw new FormatException("paths is an array");
                var list = paths.Items.Select(p => p is HashableValue.ArrayValue labels
                    ? (IReadOnlyList<byte[]>)[.. labels.Items.Select(l => CborValues.Blob(l, "path label"))]
                    : throw new FormatException("a path is an array")).ToList();
                return new ReadStateContent(sender, expiry, nonce, list);
            default:
                throw new FormatException($"unknown request_type '{type}'");
        }
    }

    private static SignedDelegation ReadSignedDelegation(HashableValue value)
    {
        if (value is not HashableValue.MapValue m) throw new FormatException("a signed delegation is a map");
        if (Get(m.Fields, "delegation") is not HashableValue.MapValue d) throw new FormatException("a delegation is a map");
        IReadOnlyList<Principal>? targets = null;
        if (d.Fields.TryGetValue("targets", out var t))
        {
            if (t is not HashableValue.ArrayValue ta) throw new FormatException("targets is an array");
            targets = [.. ta.Items.Select(x => CborValues.Principal(x, "target"))];
        }
        var delegation = new Delegation(CborValues.Blob(Get(d.Fields, "pubkey"), "pubkey"), CborValues.Nat(Get(d.Fields, "expiration"), "expiration"), targets);
        return new SignedDelegation(delegation, CborValues.Blob(Get(m.Fields, "signature"), "signature"));
    }

    private static HashableValue Get(IReadOnlyDictionary<string, HashableValue> fields, string key) =>
        fields.TryGetValue(key, out var v) ? v : throw new FormatException($"missing field '{key}'");
}
