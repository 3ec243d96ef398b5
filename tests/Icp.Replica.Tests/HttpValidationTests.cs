using System.Net;
using Icp.Agent;
using Icp.Agent.Identities;
using Icp.Agent.Requests;

namespace Icp.Replica.Tests;

/// <summary>
/// Bad requests over HTTP get the status code, reject code and message a real replica gives; the replica stays up,
/// a following good call succeeds, and nothing changed.
/// </summary>
public sealed class HttpValidationTests : IAsyncLifetime
{
    private LocalReplica _ic = null!;
    private Principal _counter = null!;
    private readonly Ed25519Identity _user = Ed25519Identity.Generate();

    public async Task InitializeAsync()
    {
        _ic = await HttpReplica.StartAsync();
        _counter = await _ic.InstallAsync("Counter");
    }

    public async Task DisposeAsync() => await _ic.DisposeAsync();

    private string CallPath(int version = 3) => $"/api/v{version}/canister/{_counter}/call";

    private async Task AssertStillServingAndUnchanged(ulong expectedCount = 0)
    {
        Assert.Equal(expectedCount, await _ic.QueryCallAsync(_counter, "get", TestReplica.NoArgs).NatAsync());
        var agent = HttpReplica.Agent(_ic);
        Assert.Equal(expectedCount + 1, await agent.CallAsync(_counter, "inc", TestReplica.NoArgs).NatAsync());
    }

    [Fact]
    public async Task Malformed_cbor_is_400()
    {
        var (status, _, text) = await HttpReplica.PostAsync(_ic, CallPath(), [0xd9, 0xd9, 0xf7, 0xa1, 0x01]);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("Failed to deserialize cbor request", text);
        var (wrongType, _, typeText) = await HttpReplica.PostAsync(_ic, CallPath(), Envelope.Sign(HttpReplica.Call(_user, _counter, "inc"), _user).ToCbor(), "application/json");
        Assert.Equal(HttpStatusCode.BadRequest, wrongType);
        Assert.Equal("Unexpected content-type, expected application/cbor.", typeText);
        await AssertStillServingAndUnchanged();
    }

    [Fact]
    public async Task A_wrong_signature_is_400()
    {
        var content = HttpReplica.Call(_user, _counter, "inc");
        var signed = Envelope.Sign(content, _user);
        var forged = new Envelope(content, signed.SenderPublicKey, Ed25519Identity.Generate().Sign(content.RequestId.SignableMessage()), null);
        var (status, _, text) = await HttpReplica.PostAsync(_ic, CallPath(), forged.ToCbor());
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("Invalid signature: Invalid basic signature", text);
        await AssertStillServingAndUnchanged();
    }

    [Fact]
    public async Task A_sender_that_does_not_match_the_key_is_400()
    {
        var other = Ed25519Identity.Generate();
        var content = HttpReplica.Call(_user, _counter, "inc");
        var envelope = new Envelope(content, other.PublicKeyDer, other.Sign(content.RequestId.SignableMessage()), null);
        var (status, _, text) = await HttpReplica.PostAsync(_ic, CallPath(), envelope.ToCbor());
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith($"The user id {_user.Sender} does not match the public key", text);

        var anonymousWithKey = new Envelope(HttpReplica.Call(AnonymousIdentity.Instance, _counter, "inc"), other.PublicKeyDer, new byte[64], null);
        var (status2, _, text2) = await HttpReplica.PostAsync(_ic, CallPath(), anonymousWithKey.ToCbor());
        Assert.Equal(HttpStatusCode.BadRequest, status2);
        Assert.Equal("Signature is not allowed for the anonymous user", text2);
        await AssertStillServingAndUnchanged();
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(10.0)]
    public async Task An_ingress_expiry_in_the_past_or_too_far_ahead_is_400(double minutes)
    {
        var envelope = Envelope.Sign(HttpReplica.Call(_user, _counter, "inc", expiry: TimeSpan.FromMinutes(minutes)), _user);
        foreach (var path in new[] { CallPath(2), CallPath(3), $"/api/v3/canister/{_counter}/query" })
        {
            byte[] body = path.EndsWith("query", StringComparison.Ordinal)
                ? Envelope.Sign(new QueryContent(_user.Sender, envelope.Content.IngressExpiry, null, _counter, "get", TestReplica.NoArgs), _user).ToCbor()
                : envelope.ToCbor();
            var (status, _, text) = await HttpReplica.PostAsync(_ic, path, body);
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.StartsWith("Specified ingress_expiry not within expected range", text);
        }
        await AssertStillServingAndUnchanged();
    }

    [Fact]
    public async Task A_3_MiB_request_is_413()
    {
        var envelope = Envelope.Sign(HttpReplica.Call(_user, _counter, "add", new byte[3 * 1024 * 1024]), _user);
        var (status, _, text) = await HttpReplica.PostAsync(_ic, CallPath(), envelope.ToCbor());
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Contains("is too large", text);
        await AssertStillServingAndUnchanged();
    }

    [Fact]
    public async Task A_missing_canister_method_or_mismatched_effective_id_is_refused_before_execution()
    {
        var agent = HttpReplica.Agent(_ic, _user);
        var missing = CanisterIdAllocator.FromIndex(12345);
        var e1 = await Assert.ThrowsAsync<CallRejectedException>(() => agent.CallAsync(missing, "inc", TestReplica.NoArgs));
        Assert.Equal(RejectCode.DestinationInvalid, e1.RejectCode);
        Assert.Equal("IC0301", e1.ErrorCode);
        var e2 = await Assert.ThrowsAsync<CallRejectedException>(() => agent.CallAsync(_counter, "nope", TestReplica.NoArgs));
        Assert.Equal(RejectCode.DestinationInvalid, e2.RejectCode);
        Assert.Equal("IC0302", e2.ErrorCode);
        var e3 = await Assert.ThrowsAsync<CallRejectedException>(() => agent.QueryAsync(_counter, "nope", TestReplica.NoArgs));
        Assert.Equal("IC0302", e3.ErrorCode);
        var e4 = await Assert.ThrowsAsync<CallRejectedException>(() => agent.QueryAsync(missing, "get", TestReplica.NoArgs));
        Assert.Equal("IC0301", e4.ErrorCode);

        // v2 answers a refused call with 200 and a bare reject map.
        var (status, body, _) = await HttpReplica.PostAsync(_ic, $"/api/v2/canister/{missing}/call", Envelope.Sign(HttpReplica.Call(_user, missing, "inc"), _user).ToCbor());
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(RejectCode.DestinationInvalid, CallResponse.Decode(body).Rejection!.Code);

        var (mismatch, _, text) = await HttpReplica.PostAsync(_ic, $"/api/v3/canister/{missing}/call", Envelope.Sign(HttpReplica.Call(_user, _counter, "inc"), _user).ToCbor());
        Assert.Equal(HttpStatusCode.BadRequest, mismatch);
        Assert.Equal($"Specified CanisterId {_counter} does not match effective canister id in URL {missing}", text);
        await AssertStillServingAndUnchanged();
    }

    [Fact]
    public async Task A_trap_is_reject_code_5_with_IC0503_and_rolls_back()
    {
        var agent = HttpReplica.Agent(_ic, _user);
        var e = await Assert.ThrowsAsync<CallRejectedException>(() => agent.CallAsync(_counter, "addThenTrap", TestReplica.Args((Nat)7)));
        Assert.Equal(RejectCode.CanisterError, e.RejectCode);
        Assert.Equal("IC0503", e.ErrorCode);
        Assert.Contains("refusing to add 7", e.RejectMessage);
        await AssertStillServingAndUnchanged();
    }

    [Fact]
    public async Task Request_status_is_readable_only_by_its_sender()
    {
        var content = HttpReplica.Call(_user, _counter, "inc");
        var (status, _, _) = await HttpReplica.PostAsync(_ic, CallPath(2), Envelope.Sign(content, _user).ToCbor());
        Assert.Equal(HttpStatusCode.Accepted, status);

        var owner = HttpReplica.Agent(_ic, _user);
        var mine = await owner.RequestStatusAsync(_counter, content.RequestId);
        Assert.Equal(RequestStatusKind.Replied, mine.Kind);

        var thief = Ed25519Identity.Generate();
        IReadOnlyList<byte[]> path = ["request_status"u8.ToArray(), content.RequestId.Bytes.ToArray()];
        var read = new ReadStateContent(thief.Sender, HttpReplica.Expiry(TimeSpan.FromMinutes(2)), null, [path]);
        var (forbidden, _, text) = await HttpReplica.PostAsync(_ic, $"/api/v3/canister/{_counter}/read_state", Envelope.Sign(read, thief).ToCbor());
        Assert.Equal(HttpStatusCode.Forbidden, forbidden);
        Assert.Equal("The user tries to access Request ID not signed by the caller.", text);

        var certifiedData = new ReadStateContent(thief.Sender, HttpReplica.Expiry(TimeSpan.FromMinutes(2)), null,
            [["canister"u8.ToArray(), _counter.ToArray(), "certified_data"u8.ToArray()]]);
        var (notFound, _, _) = await HttpReplica.PostAsync(_ic, $"/api/v3/canister/{_counter}/read_state", Envelope.Sign(certifiedData, thief).ToCbor());
        Assert.Equal(HttpStatusCode.NotFound, notFound);
        await AssertStillServingAndUnchanged(1);
    }

    [Fact]
    public async Task Status_reports_the_root_key()
    {
        var status = await HttpReplica.Agent(_ic).StatusAsync();
        Assert.Equal(_ic.RootKeyDer, status.RootKey);
        Assert.Equal("healthy", status.ReplicaHealthStatus);
    }
}
