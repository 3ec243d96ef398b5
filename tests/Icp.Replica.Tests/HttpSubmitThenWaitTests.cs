using Icp.Agent;
using Icp.Agent.Identities;

namespace Icp.Replica.Tests;

/// <summary>Signing a call, storing it, submitting it and waiting for it as separate steps, over HTTP.</summary>
public sealed class HttpSubmitThenWaitTests
{
    [Fact]
    public async Task A_resumed_wait_after_a_crash_returns_the_reply_of_the_original_call()
    {
        await using var ic = await HttpReplica.StartAsync();
        var counter = await ic.InstallAsync("Counter");
        var identity = Ed25519Identity.Generate();

        byte[] stored;
        {
            var agent = HttpReplica.Agent(ic, identity);
            var call = agent.SignCall(counter, "add", TestReplica.Args((Nat)7));
            stored = call.ToBytes();
            await agent.SubmitAsync(call);
        }

        // The process "crashed": a new agent with the same identity resumes from the stored bytes only.
        var resumed = SignedCall.FromBytes(stored);
        var after = HttpReplica.Agent(ic, identity);
        Assert.Equal(7UL, await after.WaitAsync(resumed).NatAsync());
        Assert.Equal(7UL, await after.WaitAsync(resumed.EffectiveCanisterId, resumed.RequestId, resumed.IngressExpiry).NatAsync());
        Assert.Equal(7UL, await after.QueryAsync(counter, "get", TestReplica.NoArgs).NatAsync());
    }

    [Fact]
    public async Task Submitting_the_same_signed_call_twice_executes_it_once()
    {
        await using var ic = await HttpReplica.StartAsync();
        var counter = await ic.InstallAsync("Counter");
        var agent = HttpReplica.Agent(ic);
        var call = SignedCall.FromBytes(agent.SignCall(counter, "inc", TestReplica.NoArgs).ToBytes());

        var first = await agent.SubmitAsync(call);
        var second = await agent.SubmitAsync(call);

        Assert.Equal(RequestStatusKind.Replied, first.Kind);
        Assert.Equal(RequestStatusKind.Replied, second.Kind);
        Assert.Equal(1UL, CandidSerializer.Deserialize<Nat>(second.Reply!));
        Assert.Equal(1UL, await agent.WaitAsync(call).NatAsync());
        Assert.Equal(1UL, await agent.QueryAsync(counter, "get", TestReplica.NoArgs).NatAsync());
    }

    [Fact]
    public async Task Submitting_the_same_signed_call_twice_over_v2_executes_it_once()
    {
        await using var ic = await HttpReplica.StartAsync();
        var counter = await ic.InstallAsync("Counter");
        var agent = HttpReplica.Agent(ic, handler: new HttpReplica.OlderReplicaHandler(2));
        var call = agent.SignCall(counter, "inc", TestReplica.NoArgs);

        Assert.Equal(RequestStatusKind.Received, (await agent.SubmitAsync(call)).Kind);
        Assert.Equal(RequestStatusKind.Received, (await agent.SubmitAsync(call)).Kind);
        Assert.Equal(1UL, await agent.WaitAsync(call).NatAsync());
        Assert.Equal(1UL, await agent.QueryAsync(counter, "get", TestReplica.NoArgs).NatAsync());
    }

    [Fact]
    public async Task Waiting_on_a_call_that_was_never_submitted_ends_at_its_expiry_with_no_status()
    {
        await using var ic = await HttpReplica.StartAsync();
        var counter = await ic.InstallAsync("Counter");
        var agent = HttpReplica.Agent(ic);
        var call = agent.SignCall(counter, "inc", TestReplica.NoArgs);

        var e = await Assert.ThrowsAsync<IcpTimeoutException>(() => agent.WaitAsync(counter, call.RequestId, DateTimeOffset.UtcNow.AddSeconds(-1)));
        Assert.Null(e.LastStatus);
        Assert.Equal(call.RequestId, e.RequestId);
        Assert.Equal(0UL, await agent.QueryAsync(counter, "get", TestReplica.NoArgs).NatAsync());
    }

    [Fact]
    public async Task A_rejected_call_waited_on_throws_its_reject()
    {
        await using var ic = await HttpReplica.StartAsync();
        var counter = await ic.InstallAsync("Counter");
        var agent = HttpReplica.Agent(ic);
        var call = agent.SignCall(counter, "addThenTrap", TestReplica.Args((Nat)3));
        var status = await agent.SubmitAsync(call);

        Assert.Equal(RequestStatusKind.Rejected, status.Kind);
        var e = await Assert.ThrowsAsync<CallRejectedException>(() => agent.WaitAsync(call));
        Assert.Equal(call.RequestId.ToArray(), e.RequestId);
        Assert.Contains("refusing to add 3", e.RejectMessage);
    }

    [Fact]
    public async Task Waiting_with_another_identity_is_refused_before_any_request()
    {
        await using var ic = await HttpReplica.StartAsync();
        var counter = await ic.InstallAsync("Counter");
        var call = HttpReplica.Agent(ic).SignCall(counter, "inc", TestReplica.NoArgs);
        await Assert.ThrowsAsync<ArgumentException>(() => HttpReplica.Agent(ic).WaitAsync(call));
    }

    [Fact]
    public async Task Waiting_can_be_cancelled()
    {
        await using var ic = await HttpReplica.StartAsync();
        var counter = await ic.InstallAsync("Counter");
        var agent = HttpReplica.Agent(ic);
        var call = agent.SignCall(counter, "inc", TestReplica.NoArgs);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => agent.WaitAsync(call, cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => agent.SubmitAsync(call, cancelled.Token));
    }
}
