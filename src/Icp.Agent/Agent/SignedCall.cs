using System.Formats.Cbor;
using Icp.Agent.Hashing;
using Icp.Agent.Requests;
using Icp.Candid;

namespace Icp.Agent;

/// <summary>
/// An update call built and signed but not (necessarily) sent: the exact CBOR envelope bytes, their request id and
/// where they go. A service that must never call twice stores it (<see cref="ToBytes"/>) before
/// <see cref="IcpAgent.SubmitAsync"/>, and after a crash loads it (<see cref="FromBytes"/>) to wait for the outcome
/// (<see cref="IcpAgent.WaitAsync(SignedCall, CancellationToken)"/>) or to submit the same bytes again: the IC runs a
/// request id at most once, so a second submission never executes the call twice.
/// </summary>
public sealed class SignedCall
{
    private const int FormatVersion = 1;
    private readonly byte[] _envelope;

    private SignedCall(byte[] envelope, CallContent content, Principal effectiveCanisterId)
    {
        _envelope = envelope;
        Content = content;
        RequestId = content.RequestId;
        EffectiveCanisterId = effectiveCanisterId;
    }

    /// <summary>Wraps a signed call envelope routed to <paramref name="effectiveCanisterId"/>.</summary>
    internal static SignedCall FromEnvelope(Envelope envelope, Principal effectiveCanisterId) =>
        new(envelope.ToCbor(), (CallContent)envelope.Content, effectiveCanisterId);

    /// <summary>The request id: what <c>/request_status</c> is read at, and what the sender signed.</summary>
    public RequestId RequestId { get; }

    /// <summary>The exact signed CBOR envelope that is POSTed to <c>/call</c>.</summary>
    public ReadOnlyMemory<byte> Envelope => _envelope;

    internal byte[] EnvelopeBytes => _envelope;

    /// <summary>The signed content (sender, expiry, nonce, canister, method, argument).</summary>
    public CallContent Content { get; }

    /// <summary>The canister called.</summary>
    public Principal CanisterId => Content.CanisterId;

    /// <summary>The canister whose subnet receives the call (the canister itself, except for calls to <c>aaaaa-aa</c>).</summary>
    public Principal EffectiveCanisterId { get; }

    /// <summary>The method called.</summary>
    public string Method => Content.MethodName;

    /// <summary>The principal that signed the call; only it may read the call's status.</summary>
    public Principal Sender => Content.Sender;

    /// <summary>The ingress expiry: the IC accepts the call only before it, and its outcome stays readable for a while after.</summary>
    public DateTimeOffset IngressExpiry => IcTime.ToDateTimeOffset(Content.IngressExpiry);

    /// <summary>
    /// The call as bytes to persist: a CBOR map <c>{v: 1, effective_canister_id, envelope}</c>. <see cref="FromBytes"/>
    /// reads it back and recomputes the request id from the envelope, so stored bytes cannot name another call.
    /// </summary>
    public byte[] ToBytes()
    {
        var writer = new CborWriter(CborConformanceMode.Strict);
        writer.WriteStartMap(3);
        writer.WriteTextString("v");
        writer.WriteInt32(FormatVersion);
        writer.WriteTextString("effective_canister_id");
        writer.WriteByteString(EffectiveCanisterId.ToArray());
        writer.WriteTextString("envelope");
        writer.WriteByteString(_envelope);
        writer.WriteEndMap();
        return writer.Encode();
    }

    /// <summary>Reads a call stored by <see cref="ToBytes"/>.</summary>
    /// <exception cref="FormatException">The bytes are not a stored call, or its envelope is not a call envelope.</exception>
    public static SignedCall FromBytes(ReadOnlySpan<byte> bytes)
    {
        int? version = null;
        byte[]? ecid = null, envelopeBytes = null;
        try
        {
            var reader = new CborReader(bytes.ToArray(), CborConformanceMode.Strict);
            int? count = reader.ReadStartMap();
            if (count is not 3) throw new FormatException("a stored call is a CBOR map of 3 entries");
            for (int i = 0; i < 3; i++)
            {
                switch (reader.ReadTextString())
                {
                    case "v": version = reader.ReadInt32(); break;
                    case "effective_canister_id": ecid = reader.ReadByteString(); break;
                    case "envelope": envelopeBytes = reader.ReadByteString(); break;
                    case var other: throw new FormatException($"a stored call has no field '{other}'");
                }
            }
            reader.ReadEndMap();
            if (reader.BytesRemaining != 0) throw new FormatException("trailing bytes after a stored call");
        }
        catch (CborContentException e) { throw new FormatException("a stored call is not valid CBOR: " + e.Message, e); }
        catch (InvalidOperationException e) { throw new FormatException("a stored call is not valid CBOR: " + e.Message, e); }
        catch (OverflowException e) { throw new FormatException("a stored call is not valid CBOR: " + e.Message, e); }
        if (version != FormatVersion) throw new FormatException($"a stored call has format version {version?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none)"}, expected {FormatVersion}");
        if (ecid is null || envelopeBytes is null) throw new FormatException("a stored call has effective_canister_id and envelope");
        Principal effective;
        try { effective = Principal.FromBytes(ecid); }
        catch (ArgumentException e) { throw new FormatException("a stored call's effective_canister_id is not a principal: " + e.Message, e); }
        var envelope = Requests.Envelope.Decode(envelopeBytes);
        if (envelope.Content is not CallContent content) throw new FormatException($"a stored call's envelope is a {envelope.Content.RequestType}, not a call");
        return new SignedCall(envelopeBytes, content, effective);
    }
}
