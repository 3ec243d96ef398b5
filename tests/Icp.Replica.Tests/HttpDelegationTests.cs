using System.Net;
using Icp.Agent;
using Icp.Agent.Identities;
using Icp.Agent.Requests;

namespace Icp.Replica.Tests;

/// <summary>
/// Requests signed through delegation chains (as Internet Identity sessions are): a valid chain is accepted and
/// acts as the root key's principal; an expired link, a canister outside the targets, a forged link or a cycle is
/// refused with 400, and nothing changes.
/// </summary>
public sealed class HttpDelegationTests : IAsyncLifetime
{
    private LocalReplica _ic = null!;
    private Principal _counter = null!;
    private readonly Ed25519Identity _root = Ed25519Identity.Generate();
    private readonly Ed25519Identity _session = Ed25519Identity.Generate();

    public async Task InitializeAsync()
    {
        _ic = await HttpReplica.StartAsync();
        _counter = await _ic.InstallAsync("Counter");
    }

    public async Task DisposeAsync() => await _ic.DisposeAsync();

    private static ulong InNanos(TimeSpan fromNow) => HttpReplica.Expiry(fromNow);

    private DelegatedIdentity Delegated(TimeSpan validFor, IReadOnlyList<Principal>? targets = null) =>
        new(_root.PublicKeyDer!, [new Delegation(_session.PublicKeyDer!, InNanos(validFor), targets).SignWith(_root)], _session);

    private Task<(HttpStatusCode Status, byte[] Body, string Text)> PostCall(IIdentity identity) =>
        HttpReplica.PostAsync(_ic, $"/api/v3/canister/{_counter}/call", Envelope.Sign(HttpReplica.Call(identity, _counter, "inc"), identity).ToCbor());

    private async Task AssertUnchanged() => Assert.Equal(0UL, await _ic.QueryCallAsync(_counter, "get", TestReplica.NoArgs).NatAsync());

    [Fact]
    public async Task A_valid_chain_acts_as_the_root_principal()
    {
        var identity = Delegated(TimeSpan.FromMinutes(30), [_counter]);
        Assert.Equal(_root.Sender, identity.Sender);
        var agent = HttpReplica.Agent(_ic, identity);
        Assert.Equal(1UL, await agent.CallAsync(_counter, "inc", TestReplica.NoArgs).NatAsync());
        Assert.Equal(1UL, await agent.QueryAsync(_counter, "get", TestReplica.NoArgs).NatAsync());
    }

    [Fact]
    public async Task An_expired_delegation_is_400()
    {
        var (status, _, text) = await PostCall(Delegated(TimeSpan.FromMinutes(-1)));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("Specified sender delegation has expired", text);
        await AssertUnchanged();
    }

    [Fact]
    public async Task A_canister_outside_the_targets_is_400()
    {
        var (status, _, text) = await PostCall(Delegated(TimeSpan.FromMinutes(30), [Principal.Parse("ryjl3-tyaaa-aaaaa-aaaba-cai")]));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal($"Canister {_counter} is not one of the delegation targets", text);
        await AssertUnchanged();
    }

    // An envelope as a client would send it, with a chain DelegatedIdentity itself would refuse to build.
    private Task<(HttpStatusCode Status, byte[] Body, string Text)> PostRaw(IReadOnlyList<SignedDelegation> chain)
    {
        var content = HttpReplica.Call(_root, _counter, "inc");
        var envelope = new Envelope(content, _root.PublicKeyDer, _session.Sign(content.RequestId.SignableMessage()), chain);
        return HttpReplica.PostAsync(_ic, $"/api/v3/canister/{_counter}/call", envelope.ToCbor());
    }

    [Fact]
    public async Task A_delegation_signed_by_another_key_is_400()
    {
        var (status, _, text) = await PostRaw([new Delegation(_session.PublicKeyDer!, InNanos(TimeSpan.FromMinutes(30))).SignWith(_session)]);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("Invalid delegation: Invalid basic signature", text);
        await AssertUnchanged();
    }

    [Fact]
    public async Task A_chain_that_delegates_to_the_same_key_twice_is_400()
    {
        var expiry = InNanos(TimeSpan.FromMinutes(30));
        var toSession = new Delegation(_session.PublicKeyDer!, expiry).SignWith(_root);
        var backToRoot = new Delegation(_root.PublicKeyDer!, expiry).SignWith(_session);
        var again = new Delegation(_session.PublicKeyDer!, expiry).SignWith(_root);
        var (status, _, text) = await PostRaw([toSession, backToRoot, again]);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("cycle", text);
        await AssertUnchanged();
    }
}
