using System.Net;
using System.Text;
using Icp.Agent.Certification;
using Icp.Agent.Identities;
using Icp.Agent.Requests;
using Icp.Candid;

namespace Icp.Agent.Tests.Http;

public class AgentCallTests
{
    private static readonly Principal Canister = FakeReplica.Canister;
    private static readonly string CallV4 = $"/api/v4/canister/{Canister}/call";
    private static readonly string CallV3 = $"/api/v3/canister/{Canister}/call";
    private static readonly string CallV2 = $"/api/v2/canister/{Canister}/call";
    private static readonly string ReadStateV3 = $"/api/v3/canister/{Canister}/read_state";

    private static readonly byte[] Arg = CandidSerializer.Serialize("hello");

    [Fact]
    public async Task V4SynchronousCallReturnsTheCertifiedReply()
    {
        var t = new TestAgents();
        var reply = await t.Agent.CallAsync(Canister, "greet", Arg);

        Assert.Equal(Arg, reply);
        Assert.Equal([CallV4], t.Paths);
        Assert.Equal(4, t.Agent.CallVersion);
        Assert.True(t.Bls.Calls >= 2); // delegation and certificate
    }

    [Fact]
    public async Task V4NotFoundFallsBackToV3AndRemembersIt()
    {
        var t = new TestAgents();
        t.Replica.CallVersions.Remove(4);

        Assert.Equal(Arg, await t.Agent.CallAsync(Canister, "greet", Arg));
        Assert.Equal([CallV4, CallV3], t.Paths);
        // Both attempts carried the same envelope, hence the same request id.
        Assert.Equal(t.Replica.Requests[0].Body, t.Replica.Requests[1].Body);
        Assert.Equal(3, t.Agent.CallVersion);

        await t.Agent.CallAsync(Canister, "greet", Arg);
        Assert.Equal([CallV4, CallV3, CallV3], t.Paths);
    }

    [Fact]
    public async Task MethodNotAllowedAlsoFallsBack()
    {
        var t = new TestAgents();
        t.Replica.Intercept = r => r.Path == CallV4 ? FakeReplica.Text(HttpStatusCode.MethodNotAllowed, "no") : null;
        Assert.Equal(Arg, await t.Agent.CallAsync(Canister, "greet", Arg));
        Assert.Equal([CallV4, CallV3], t.Paths);
    }

    [Fact]
    public async Task V3NotFoundFallsBackToV2AndPollsUntilReplied()
    {
        var t = new TestAgents();
        t.Replica.CallVersions.Remove(4);
        t.Replica.CallVersions.Remove(3);
        t.Replica.ProcessingPolls = 2;

        Assert.Equal(Arg, await t.Agent.CallAsync(Canister, "greet", Arg));
        Assert.Equal([CallV4, CallV3, CallV2, ReadStateV3, ReadStateV3, ReadStateV3], t.Paths);
        Assert.Equal(2, t.Agent.CallVersion);
        // Two waits between three polls, growing from the initial delay (±20 % jitter).
        Assert.Equal(2, t.Clock.Delays.Count);
        Assert.InRange(t.Clock.Delays[0], TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(300));
        Assert.InRange(t.Clock.Delays[1], TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(450));
    }

    [Fact]
    public async Task PollingReadsTheStatusOfTheCallsRequestIdAsTheSameSender()
    {
        var identity = Ed25519Identity.FromSeed(new byte[32]);
        var t = new TestAgents(identity);
        t.Replica.CallVersions.ExceptWith([3, 4]);

        await t.Agent.CallAsync(Canister, "greet", Arg);

        var call = t.Replica.RequestsTo("/call").Last().Envelope;
        var poll = t.Replica.RequestsTo("/read_state").First().Envelope;
        var content = Assert.IsType<ReadStateContent>(poll.Content);
        var path = Assert.Single(content.Paths);
        Assert.Equal("request_status", Encoding.ASCII.GetString(path[0]));
        Assert.Equal(call.Content.RequestId.ToArray(), path[1]);
        Assert.Equal(2, path.Count);
        Assert.Equal(identity.Sender, content.Sender);
        Assert.True(PublicKeyVerifier.Verify(poll.SenderPublicKey!, content.RequestId.SignableMessage(), poll.SenderSignature!));
    }

    [Fact]
    public async Task SynchronousCallAnswering202IsPolled()
    {
        var t = new TestAgents();
        t.Replica.SyncCallsTimeOut = true;
        Assert.Equal(Arg, await t.Agent.CallAsync(Canister, "greet", Arg));
        Assert.Equal([CallV4, ReadStateV3, ReadStateV3], t.Paths);
        Assert.Equal(4, t.Agent.CallVersion);
    }

    [Fact]
    public async Task CallBodyIsASignedEnvelopeWithTheSpecFields()
    {
        var identity = Ed25519Identity.FromSeed(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
        var t = new TestAgents(identity);
        await t.Agent.CallAsync(Canister, "greet", Arg);

        var request = Assert.Single(t.Replica.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("application/cbor", request.ContentType);
        Assert.Equal([0xd9, 0xd9, 0xf7], request.Body[..3]); // self-describing tag 55799
        var envelope = request.Envelope;
        var content = Assert.IsType<CallContent>(envelope.Content);
        Assert.Equal("call", content.RequestType);
        Assert.Equal(identity.Sender, content.Sender);
        Assert.Equal(Canister, content.CanisterId);
        Assert.Equal("greet", content.MethodName);
        Assert.Equal(Arg, content.Arg);
        Assert.NotNull(content.Nonce);
        var expiry = DateTimeOffset.UnixEpoch.AddTicks((long)(content.IngressExpiry / 100));
        Assert.InRange(expiry - TestAgents.Start, TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(4));
        Assert.Equal(identity.PublicKeyDer, envelope.SenderPublicKey);
        Assert.Null(envelope.SenderDelegation);
        Assert.True(PublicKeyVerifier.Verify(envelope.SenderPublicKey!, content.RequestId.SignableMessage(), envelope.SenderSignature!));
        // Re-encoding the decoded envelope gives the same bytes: nothing was lost or reordered.
        Assert.Equal(request.Body, envelope.ToCbor());
    }

    [Fact]
    public async Task AnonymousCallCarriesNoKeyOrSignature()
    {
        var t = new TestAgents();
        await t.Agent.CallAsync(Canister, "greet", Arg);
        var envelope = t.Replica.Requests[0].Envelope;
        Assert.True(envelope.Content.Sender.IsAnonymous);
        Assert.Null(envelope.SenderPublicKey);
        Assert.Null(envelope.SenderSignature);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(2)]
    public async Task RejectedCallRaisesTheCertifiedRejection(int version)
    {
        var t = new TestAgents();
        t.Replica.CallVersions.RemoveWhere(v => v > version);
        t.Replica.Behaviour = _ => Outcome.Rejected(RejectCode.CanisterReject, "no greetings today", "IC0406");

        var e = await Assert.ThrowsAsync<CallRejectedException>(() => t.Agent.CallAsync(Canister, "greet", Arg));
        Assert.Equal(RejectCode.CanisterReject, e.RejectCode);
        Assert.Equal("no greetings today", e.RejectMessage);
        Assert.Equal("IC0406", e.ErrorCode);
        Assert.Equal(t.Replica.RequestsTo("/call").Last().Envelope.Content.RequestId.ToArray(), e.RequestId);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(3)]
    [InlineData(2)]
    public async Task RejectionBeforeExecutionIsRaisedWithoutPolling(int version)
    {
        var t = new TestAgents();
        t.Replica.CallVersions.RemoveWhere(v => v > version);
        t.Replica.Behaviour = _ => Outcome.Rejected(RejectCode.DestinationInvalid, "canister is stopped", beforeExecution: true);

        var e = await Assert.ThrowsAsync<CallRejectedException>(() => t.Agent.CallAsync(Canister, "greet", Arg));
        Assert.Equal(RejectCode.DestinationInvalid, e.RejectCode);
        Assert.Null(e.ErrorCode);
        Assert.Empty(t.Replica.RequestsTo("/read_state"));
    }

    [Fact]
    public async Task ServerErrorsAreRetriedWithTheSameEnvelope()
    {
        var t = new TestAgents();
        var failures = 2;
        t.Replica.Intercept = r => r.Path == CallV4 && failures-- > 0 ? FakeReplica.Text(HttpStatusCode.ServiceUnavailable, "busy") : null;

        Assert.Equal(Arg, await t.Agent.CallAsync(Canister, "greet", Arg));
        Assert.Equal([CallV4, CallV4, CallV4], t.Paths);
        Assert.Single(t.Replica.Requests.Select(r => Convert.ToHexString(r.Body)).Distinct());
        // Backoff: 250 ms then 500 ms, each ±20 %.
        Assert.InRange(t.Clock.Delays[0], TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(300));
        Assert.InRange(t.Clock.Delays[1], TimeSpan.FromMilliseconds(400), TimeSpan.FromMilliseconds(600));
    }

    [Fact]
    public async Task PersistentServerErrorsEndInAnHttpException()
    {
        var t = new TestAgents(configure: o => o.MaxRetries = 2);
        t.Replica.Intercept = _ => FakeReplica.Text(HttpStatusCode.BadGateway, "upstream down");

        var e = await Assert.ThrowsAsync<IcpHttpException>(() => t.Agent.CallAsync(Canister, "greet", Arg));
        Assert.Equal(HttpStatusCode.BadGateway, e.StatusCode);
        Assert.Equal("upstream down", e.Body);
        Assert.True(e.IsTransient);
        Assert.Equal(3, t.Replica.Requests.Count);
    }

    [Fact]
    public async Task ClientErrorsAreNotRetried()
    {
        var t = new TestAgents();
        t.Replica.Intercept = _ => FakeReplica.Text(HttpStatusCode.BadRequest, "bad envelope");
        var e = await Assert.ThrowsAsync<IcpHttpException>(() => t.Agent.CallAsync(Canister, "greet", Arg));
        Assert.Equal(HttpStatusCode.BadRequest, e.StatusCode);
        Assert.False(e.IsTransient);
        Assert.Single(t.Replica.Requests);
    }

    [Fact]
    public async Task TooManyRequestsWaitsForRetryAfter()
    {
        var t = new TestAgents();
        var limited = true;
        t.Replica.Intercept = r =>
        {
            if (!limited) return null;
            limited = false;
            var response = FakeReplica.Text(HttpStatusCode.TooManyRequests, "slow down");
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(7));
            return response;
        };

        Assert.Equal(Arg, await t.Agent.CallAsync(Canister, "greet", Arg));
        Assert.Equal([CallV4, CallV4], t.Paths);
        Assert.Equal([TimeSpan.FromSeconds(7)], t.Clock.Delays);
    }

    [Fact]
    public async Task RetryAfterBeyondTheLimitFailsAtOnce()
    {
        var t = new TestAgents();
        t.Replica.Intercept = _ =>
        {
            var response = FakeReplica.Text(HttpStatusCode.TooManyRequests, "come back in an hour");
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromHours(1));
            return response;
        };
        var e = await Assert.ThrowsAsync<IcpHttpException>(() => t.Agent.CallAsync(Canister, "greet", Arg));
        Assert.Equal(HttpStatusCode.TooManyRequests, e.StatusCode);
        Assert.Single(t.Replica.Requests);
        Assert.Empty(t.Clock.Delays);
    }

    [Fact]
    public async Task ConnectionFailuresAreRetried()
    {
        var t = new TestAgents();
        var failures = 1;
        t.Replica.Intercept = _ => failures-- > 0 ? throw new HttpRequestException("connection refused") : null;
        Assert.Equal(Arg, await t.Agent.CallAsync(Canister, "greet", Arg));
        Assert.Equal(2, t.Replica.Requests.Count);
    }

    [Fact]
    public async Task UnreachableReplicaEndsInAnHttpExceptionWithoutStatus()
    {
        var t = new TestAgents(configure: o => o.MaxRetries = 1);
        t.Replica.Intercept = _ => throw new HttpRequestException("connection refused");
        var e = await Assert.ThrowsAsync<IcpHttpException>(() => t.Agent.CallAsync(Canister, "greet", Arg));
        Assert.Null(e.StatusCode);
        Assert.IsType<HttpRequestException>(e.InnerException);
        Assert.Equal(2, t.Replica.Requests.Count);
    }

    [Fact]
    public async Task AttemptsThatHangAreTimedOutAndRetried()
    {
        var t = new TestAgents(configure: o =>
        {
            o.RequestTimeout = TimeSpan.FromMilliseconds(100);
            o.MaxRetries = 1;
        });
        var hang = new SlowHandler(t.Replica);
        var agent = new IcpAgent(new HttpClient(hang), t.Options, t.Bls, null, t.Clock);

        var e = await Assert.ThrowsAsync<IcpHttpException>(() => agent.CallAsync(Canister, "greet", Arg));
        Assert.Null(e.StatusCode);
        Assert.IsType<TimeoutException>(e.InnerException);
        Assert.Equal(2, hang.Attempts);
    }

    private sealed class SlowHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        public int Attempts;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Attempts);
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return await base.SendAsync(request, cancellationToken);
        }
    }

    [Fact]
    public async Task CancellationStopsPolling()
    {
        var t = new TestAgents();
        t.Replica.CallVersions.ExceptWith([3, 4]);
        t.Replica.ProcessingPolls = int.MaxValue;
        using var cts = new CancellationTokenSource();
        t.Replica.Intercept = r =>
        {
            if (t.Replica.RequestsTo("/read_state").Count() == 3) cts.Cancel();
            return null;
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => t.Agent.CallAsync(Canister, "greet", Arg, cts.Token));
        Assert.Equal(3, t.Replica.RequestsTo("/read_state").Count());
    }

    [Fact]
    public async Task AlreadyCancelledCallSendsNothing()
    {
        var t = new TestAgents();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => t.Agent.CallAsync(Canister, "greet", Arg, new CancellationToken(true)));
        Assert.Empty(t.Replica.Requests);
    }

    [Fact]
    public async Task PollingGivesUpAtTheIngressExpiry()
    {
        var t = new TestAgents();
        t.Replica.CallVersions.ExceptWith([3, 4]);
        t.Replica.ProcessingPolls = int.MaxValue;

        var e = await Assert.ThrowsAsync<IcpTimeoutException>(() => t.Agent.CallAsync(Canister, "greet", Arg));
        var call = t.Replica.RequestsTo("/call").Last().Envelope.Content;
        Assert.Equal(call.RequestId, e.RequestId);
        Assert.Equal("processing", e.LastStatus);
        Assert.Equal(DateTimeOffset.UnixEpoch.AddTicks((long)(call.IngressExpiry / 100)), e.Deadline);
        Assert.True(t.Clock.GetUtcNow() >= e.Deadline);
        Assert.True(t.Clock.GetUtcNow() < e.Deadline + TimeSpan.FromSeconds(3));
        // The waits grow to the maximum and never beyond it.
        Assert.All(t.Clock.Delays, d => Assert.True(d <= TimeSpan.FromSeconds(2.4)));
        Assert.Contains(t.Clock.Delays, d => d >= TimeSpan.FromSeconds(1.6));
    }

    [Fact]
    public async Task TimedOutCallCanBeReadLaterByRequestId()
    {
        var t = new TestAgents();
        t.Replica.CallVersions.ExceptWith([3, 4]);
        t.Replica.ProcessingPolls = 1;
        // The first poll takes so long that the expiry passes.
        t.Replica.Intercept = r =>
        {
            if (r.Path.EndsWith("/read_state", StringComparison.Ordinal) && t.Replica.RequestsTo("/read_state").Count() == 1)
                t.Clock.Advance(TimeSpan.FromMinutes(10));
            return null;
        };

        var e = await Assert.ThrowsAsync<IcpTimeoutException>(() => t.Agent.CallAsync(Canister, "greet", Arg));
        Assert.Equal("processing", e.LastStatus);

        var status = await t.Agent.RequestStatusAsync(Canister, e.RequestId);
        Assert.Equal(RequestStatusKind.Replied, status.Kind);
        Assert.Equal(Arg, status.Reply);
    }

    [Fact]
    public async Task ManagementCanisterCallsNeedAnEffectiveCanisterId()
    {
        var t = new TestAgents();
        await Assert.ThrowsAsync<ArgumentException>(() => t.Agent.CallAsync(Principal.ManagementCanister, "canister_status", Arg));
        Assert.Empty(t.Replica.Requests);
    }

    private sealed record CanisterIdArg([property: CandidName("canister_id")] Principal CanisterId);

    [Fact]
    public async Task ManagementCanisterCallsGoToTheCanisterTheirArgumentNames()
    {
        var t = new TestAgents();
        var arg = CandidSerializer.Serialize(new CanisterIdArg(Canister));
        t.Replica.Behaviour = _ => Outcome.Replied(Arg);
        Assert.Equal(Arg, await t.Agent.CallAsync(Principal.ManagementCanister, "canister_status", arg));
        Assert.Equal("/api/v4/canister/" + Canister + "/call", t.Replica.Requests[0].Path);
        Assert.True(t.Replica.Requests[0].Envelope.Content is CallContent { CanisterId.IsManagementCanister: true });
    }

    [Fact]
    public async Task TypedCallSerializesTheArgumentAndDecodesTheReply()
    {
        var t = new TestAgents();
        t.Replica.Behaviour = c => Outcome.Replied(CandidSerializer.Serialize("hi " + CandidSerializer.Deserialize<string>(c.Arg)));
        Assert.Equal("hi bob", await t.Agent.CallAsync<string, string>(Canister, "greet", "bob"));
    }
}
