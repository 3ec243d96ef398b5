using System.Formats.Cbor;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Icp.Agent.Certification;
using Icp.Agent.Hashing;
using Icp.Agent.Identities;
using Icp.Agent.Requests;
using Icp.Candid;

namespace Icp.Agent.Tests.Http;

/// <summary>One request the fake replica received.</summary>
internal sealed record Recorded(HttpMethod Method, string Path, byte[] Body, string? ContentType)
{
    public Envelope Envelope => Envelope.Decode(Body);
}

/// <summary>What the fake canister does with a call.</summary>
internal sealed record Outcome(byte[]? Reply, Rejection? Rejection, bool BeforeExecution = false)
{
    public static Outcome Replied(byte[] reply) => new(reply, null);

    public static Outcome Rejected(RejectCode code, string message, string? errorCode = null, bool beforeExecution = false) =>
        new(null, new Rejection(code, message, errorCode), beforeExecution);
}

/// <summary>
/// An in-memory replica behind an <see cref="HttpMessageHandler"/>: it serves the v2/v3/v4 endpoints it is told to
/// support (404 for the others), keeps call statuses, and answers with certificates it builds and "signs" (see
/// <see cref="FakeBls"/>) under a delegation from its own root key to a subnet whose range holds
/// <see cref="Canister"/>. Every request is recorded.
/// </summary>
internal sealed partial class FakeReplica : HttpMessageHandler
{
    private readonly TimeProvider _time;
    private readonly byte[] _rootRaw = RandomNumberGenerator.GetBytes(96);
    private readonly byte[] _subnetRaw = RandomNumberGenerator.GetBytes(96);
    private readonly Dictionary<RequestId, CallState> _calls = [];
    private readonly Lock _lock = new();

    // A subnet keeps its delegation (same bytes) for a long time, as on mainnet.
    private readonly DateTimeOffset _delegationTime;

    public FakeReplica(TimeProvider time)
    {
        _time = time;
        RootKey = BlsPublicKey.FromRaw(_rootRaw);
        SubnetKey = BlsPublicKey.FromRaw(_subnetRaw);
        SubnetId = SubnetKey.SelfAuthenticatingPrincipal;
        _delegationTime = time.GetUtcNow() - TimeSpan.FromDays(1);
    }

    public static readonly Uri Url = new("http://replica.test:4943");

    public static readonly Principal RangeLow = Principal.FromBytes([0, 0, 0, 0, 0, 0x10, 0, 0, 1, 1]);
    public static readonly Principal Canister = Principal.FromBytes([0, 0, 0, 0, 0, 0x10, 0, 7, 1, 1]);
    public static readonly Principal RangeHigh = Principal.FromBytes([0, 0, 0, 0, 0, 0x1f, 0xff, 0xff, 1, 1]);
    public static readonly Principal OtherCanister = Principal.FromBytes([0, 0, 0, 0, 0, 0x30, 0, 1, 1, 1]);

    public BlsPublicKey RootKey { get; }

    public BlsPublicKey SubnetKey { get; }

    public Principal SubnetId { get; }

    public Ed25519Identity Node { get; } = Ed25519Identity.FromSeed(SHA256.HashData("node"u8));

    public HashSet<int> CallVersions { get; } = [4, 3, 2];

    public HashSet<int> QueryVersions { get; } = [3, 2];

    public HashSet<int> ReadStateVersions { get; } = [3, 2];

    /// <summary>The canister: echoes the argument by default.</summary>
    public Func<CallContent, Outcome> Behaviour { get; set; } = c => Outcome.Replied(c.Arg);

    /// <summary>How many request-status reads answer <c>processing</c> before the outcome shows (int.MaxValue: forever).</summary>
    public int ProcessingPolls { get; set; } = 1;

    /// <summary>Synchronous calls answer 202 (the replica's own timeout), as the spec allows.</summary>
    public bool SyncCallsTimeOut { get; set; }

    /// <summary>Added to the certified time (negative for stale certificates).</summary>
    public TimeSpan CertificateTimeOffset { get; set; }

    /// <summary>Query answers carry a signature by this key instead of the node's (null: the node signs).</summary>
    public Ed25519Identity? QuerySigner { get; set; }

    /// <summary>Called first for every request; a non-null answer is served instead of the replica's.</summary>
    public Func<Recorded, HttpResponseMessage?>? Intercept { get; set; }

    public List<Recorded> Requests { get; } = [];

    public IEnumerable<Recorded> RequestsTo(string suffix) => Requests.Where(r => r.Path.EndsWith(suffix, StringComparison.Ordinal));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var recorded = new Recorded(request.Method, request.RequestUri!.AbsolutePath, body, request.Content?.Headers.ContentType?.MediaType);
        lock (_lock) Requests.Add(recorded);
        if (Intercept?.Invoke(recorded) is { } intercepted) return intercepted;
        lock (_lock) return Serve(recorded);
    }

    private HttpResponseMessage Serve(Recorded r)
    {
        if (r.Method == HttpMethod.Get && r.Path == "/api/v2/status")
            return Cbor(HttpStatusCode.OK, w => Map(w, ("root_key", () => w.WriteByteString(RootKey.Der.ToArray())), ("impl_version", () => w.WriteTextString("fake-0.1"))));
        var match = EndpointPattern().Match(r.Path);
        if (r.Method != HttpMethod.Post || !match.Success) return Text(HttpStatusCode.NotFound, "no such endpoint");
        var version = int.Parse(match.Groups["v"].Value);
        var kind = match.Groups["kind"].Value;
        var target = Principal.Parse(match.Groups["id"].Value);
        var endpoint = match.Groups["ep"].Value;
        var supported = endpoint switch { "call" => CallVersions, "query" => QueryVersions, _ => ReadStateVersions };
        if (!supported.Contains(version)) return Text(HttpStatusCode.NotFound, $"v{version} {endpoint} is not served here");
        var envelope = r.Envelope;
        if (!SignatureValid(envelope)) return Text(HttpStatusCode.BadRequest, "invalid signature");
        return endpoint switch
        {
            "call" when kind == "canister" => ServeCall(version, (CallContent)envelope.Content),
            "query" when kind == "canister" => ServeQuery((QueryContent)envelope.Content),
            "read_state" => ServeReadState((ReadStateContent)envelope.Content),
            _ => Text(HttpStatusCode.BadRequest, "unsupported"),
        };
    }

    private static bool SignatureValid(Envelope e) =>
        e.SenderPublicKey is null
            ? e.Content.Sender.IsAnonymous && e.SenderSignature is null
            : Principal.SelfAuthenticating(e.SenderPublicKey) == e.Content.Sender
              && PublicKeyVerifier.Verify(e.SenderPublicKey, e.Content.RequestId.SignableMessage(), e.SenderSignature);

    private HttpResponseMessage ServeCall(int version, CallContent content)
    {
        var id = content.RequestId;
        if (!_calls.TryGetValue(id, out var state))
        {
            var outcome = Behaviour(content);
            if (outcome.BeforeExecution)
            {
                return version == 2
                    ? Cbor(HttpStatusCode.OK, w => RejectFields(w, outcome.Rejection!, null))
                    : Cbor(HttpStatusCode.OK, w => RejectFields(w, outcome.Rejection!, "non_replicated_rejection"));
            }
            state = new CallState(outcome, ProcessingPolls);
            _calls[id] = state;
        }
        if (version == 2 || SyncCallsTimeOut) return new HttpResponseMessage(HttpStatusCode.Accepted);
        state.PollsLeft = 0; // a synchronous answer shows the final state
        var tree = StateTree(id, state);
        return Cbor(HttpStatusCode.OK, w => Map(w, ("status", () => w.WriteTextString("replied")), ("certificate", () => w.WriteByteString(CertificateFor(tree)))));
    }

    private HttpResponseMessage ServeReadState(ReadStateContent content)
    {
        RequestId? asked = null;
        foreach (var path in content.Paths)
            if (path.Count >= 2 && Encoding.ASCII.GetString(path[0]) == "request_status") asked = new RequestId(path[1]);
        CallState? state = null;
        if (asked is { } id) _calls.TryGetValue(id, out state);
        var tree = StateTree(asked, state);
        if (state is not null && state.PollsLeft > 0 && state.PollsLeft != int.MaxValue) state.PollsLeft--;
        return Cbor(HttpStatusCode.OK, w => Map(w, ("certificate", () => w.WriteByteString(CertificateFor(tree)))));
    }

    private HttpResponseMessage ServeQuery(QueryContent content)
    {
        var outcome = Behaviour(new CallContent(content.Sender, content.IngressExpiry, content.Nonce, content.CanisterId, content.MethodName, content.Arg));
        var timestamp = Nanoseconds(_time.GetUtcNow());
        var fields = new Dictionary<string, HashableValue>();
        if (outcome.Reply is not null)
        {
            fields["status"] = HashableValue.Text("replied");
            fields["reply"] = HashableValue.Map(new Dictionary<string, HashableValue> { ["arg"] = HashableValue.Blob(outcome.Reply) });
        }
        else
        {
            fields["status"] = HashableValue.Text("rejected");
            fields["reject_code"] = HashableValue.Nat((ulong)outcome.Rejection!.Code);
            fields["reject_message"] = HashableValue.Text(outcome.Rejection.Message);
            if (outcome.Rejection.ErrorCode is not null) fields["error_code"] = HashableValue.Text(outcome.Rejection.ErrorCode);
        }
        fields["timestamp"] = HashableValue.Nat(timestamp);
        fields["request_id"] = HashableValue.Blob(content.RequestId.Bytes);
        var signed = RepresentationIndependentHash.SignableMessage("\x0Bic-response"u8, fields);
        var signature = (QuerySigner ?? Node).Sign(signed);
        return Cbor(HttpStatusCode.OK, w =>
        {
            var entries = new List<(string, Action)>();
            if (outcome.Reply is not null)
            {
                entries.Add(("status", () => w.WriteTextString("replied")));
                entries.Add(("reply", () => Map(w, ("arg", () => w.WriteByteString(outcome.Reply)))));
            }
            else
            {
                entries.Add(("status", () => w.WriteTextString("rejected")));
                entries.Add(("reject_code", () => w.WriteUInt64((ulong)outcome.Rejection!.Code)));
                entries.Add(("reject_message", () => w.WriteTextString(outcome.Rejection!.Message)));
                if (outcome.Rejection!.ErrorCode is { } ec) entries.Add(("error_code", () => w.WriteTextString(ec)));
            }
            entries.Add(("signatures", () =>
            {
                w.WriteStartArray(1);
                Map(w, ("timestamp", () => w.WriteUInt64(timestamp)), ("signature", () => w.WriteByteString(signature)), ("identity", () => w.WriteByteString(Node.Sender.ToArray())));
                w.WriteEndArray();
            }));
            Map(w, [.. entries]);
        });
    }

    // ---------------------------------------------------------------- state tree and certificates

    private HashTree StateTree(RequestId? id, CallState? state)
    {
        var top = new List<KeyValuePair<byte[], HashTree>>
        {
            new("time"u8.ToArray(), HashTree.Leaf(Leb128.EncodeUnsigned(Nanoseconds(_time.GetUtcNow() + CertificateTimeOffset)))),
            new("subnet"u8.ToArray(), Labeled((SubnetId.ToArray(), Labeled(
                ("public_key"u8.ToArray(), HashTree.Leaf(SubnetKey.Der)),
                ("node"u8.ToArray(), Labeled((Node.Sender.ToArray(), Labeled(("public_key"u8.ToArray(), HashTree.Leaf(Node.PublicKeyDer!)))))))))),
        };
        if (id is { } rid && state is not null)
        {
            var leaves = new List<(byte[], HashTree)>();
            if (state.PollsLeft > 0) leaves.Add(("status"u8.ToArray(), HashTree.Leaf("processing"u8)));
            else if (state.Outcome.Reply is { } reply)
            {
                leaves.Add(("status"u8.ToArray(), HashTree.Leaf("replied"u8)));
                leaves.Add(("reply"u8.ToArray(), HashTree.Leaf(reply)));
            }
            else
            {
                var rej = state.Outcome.Rejection!;
                leaves.Add(("status"u8.ToArray(), HashTree.Leaf("rejected"u8)));
                leaves.Add(("reject_code"u8.ToArray(), HashTree.Leaf(Leb128.EncodeUnsigned((ulong)rej.Code))));
                leaves.Add(("reject_message"u8.ToArray(), HashTree.Leaf(Encoding.UTF8.GetBytes(rej.Message))));
                if (rej.ErrorCode is not null) leaves.Add(("error_code"u8.ToArray(), HashTree.Leaf(Encoding.UTF8.GetBytes(rej.ErrorCode))));
            }
            top.Add(new("request_status"u8.ToArray(), Labeled((rid.ToArray(), Labeled([.. leaves])))));
        }
        return HashTreeBuilder.Labeled(top);
    }

    /// <summary>A certificate of <paramref name="tree"/> signed by the subnet, with a root-signed delegation to it.</summary>
    public byte[] CertificateFor(HashTree tree)
    {
        var ranges = new CborWriter();
        ranges.WriteStartArray(1);
        ranges.WriteStartArray(2);
        ranges.WriteByteString(RangeLow.ToArray());
        ranges.WriteByteString(RangeHigh.ToArray());
        ranges.WriteEndArray();
        ranges.WriteEndArray();
        var delegationTree = HashTreeBuilder.Labeled(new List<KeyValuePair<byte[], HashTree>>
        {
            new("canister_ranges"u8.ToArray(), Labeled((SubnetId.ToArray(), Labeled((RangeLow.ToArray(), HashTree.Leaf(ranges.Encode())))))),
            new("subnet"u8.ToArray(), Labeled((SubnetId.ToArray(), Labeled(("public_key"u8.ToArray(), HashTree.Leaf(SubnetKey.Der)))))),
            new("time"u8.ToArray(), HashTree.Leaf(Leb128.EncodeUnsigned(Nanoseconds(_delegationTime)))),
        });
        var delegation = EncodeCertificate(delegationTree, _rootRaw, null);
        return EncodeCertificate(tree, _subnetRaw, delegation);
    }

    private byte[] EncodeCertificate(HashTree tree, byte[] signingKey, byte[]? delegation)
    {
        var message = DomainSeparators.Prefix(DomainSeparators.StateRoot, tree.Digest());
        var w = new CborWriter();
        w.WriteTag((CborTag)55799);
        var entries = new List<(string, Action)>
        {
            ("tree", () => HashTreeCbor.Write(w, tree)),
            ("signature", () => w.WriteByteString(FakeBls.Sign(signingKey, message))),
        };
        if (delegation is not null)
            entries.Add(("delegation", () => Map(w, ("subnet_id", () => w.WriteByteString(SubnetId.ToArray())), ("certificate", () => w.WriteByteString(delegation)))));
        Map(w, [.. entries]);
        return w.Encode();
    }

    private static HashTree Labeled(params (byte[] Label, HashTree Tree)[] children) =>
        HashTreeBuilder.Labeled(children.Select(c => new KeyValuePair<byte[], HashTree>(c.Label, c.Tree)));

    // ---------------------------------------------------------------- helpers

    public static ulong Nanoseconds(DateTimeOffset t) => (ulong)(t - DateTimeOffset.UnixEpoch).Ticks * 100UL;

    private static void RejectFields(CborWriter w, Rejection r, string? status)
    {
        var entries = new List<(string, Action)>();
        if (status is not null) entries.Add(("status", () => w.WriteTextString(status)));
        entries.Add(("reject_code", () => w.WriteUInt64((ulong)r.Code)));
        entries.Add(("reject_message", () => w.WriteTextString(r.Message)));
        if (r.ErrorCode is { } ec) entries.Add(("error_code", () => w.WriteTextString(ec)));
        Map(w, [.. entries]);
    }

    private static void Map(CborWriter w, params (string Key, Action Value)[] entries)
    {
        w.WriteStartMap(entries.Length);
        foreach (var (key, value) in entries)
        {
            w.WriteTextString(key);
            value();
        }
        w.WriteEndMap();
    }

    private static HttpResponseMessage Cbor(HttpStatusCode status, Action<CborWriter> write)
    {
        var w = new CborWriter();
        w.WriteTag((CborTag)55799);
        write(w);
        var content = new ByteArrayContent(w.Encode());
        content.Headers.ContentType = new("application/cbor");
        return new HttpResponseMessage(status) { Content = content };
    }

    public static HttpResponseMessage Text(HttpStatusCode status, string text) => new(status) { Content = new StringContent(text) };

    [GeneratedRegex("^/api/v(?<v>[0-9]+)/(?<kind>canister|subnet)/(?<id>[a-z0-9-]+)/(?<ep>call|query|read_state)$")]
    private static partial Regex EndpointPattern();

    private sealed class CallState(Outcome outcome, int pollsLeft)
    {
        public Outcome Outcome { get; } = outcome;

        public int PollsLeft { get; set; } = pollsLeft;
    }
}
