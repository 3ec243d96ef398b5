using System.Net;
using Bridge.Service.Ic;
using Bridge.Service.Ic.Rollup;
using Bridge.Service.Settling;
using Bridge.Service.Store;
using Icp.Agent;
using Icp.Candid;
using Icp.Replica;
using Microsoft.Extensions.DependencyInjection;

namespace Bridge.Service.Tests;

/// <summary>
/// <c>submit_epoch</c> under faults: a lost reply, a restart between submission and acknowledgement, a canister that
/// already holds the epoch (ours: a no-op; another: a halt shown on <c>/ready</c>), a restart mid-settlement.
/// </summary>
public sealed class SettlerPostingTests
{
    /// <summary>A scene with one final batch of two paid receipts, the poster's cuts past epoch 1's end.</summary>
    private static async Task<SettlementWorld> EpochDueAsync(Action<IServiceCollection>? services = null)
    {
        var world = await SettlementWorld.StartAsync(run: false, TimeSpan.FromSeconds(1), services: services);
        var (r, _) = await world.NewRequesterAsync();
        foreach (var id in new[] { "a", "b" }) await world.SubmitAsync(world.Receipt(id, r, 150_000, await world.PayAsync(r, id, 150_000)));
        await world.CutPostAndFinishAsync();
        await world.CloseEpochAsync(1);
        return world;
    }

    private static RollupClient Rollup(SettlementWorld world) => new(world.Dev.Replica.AsTransport(world.Dev.Poster), world.Dev.RollupId);

    private static EpochHeader Header(SettlementWorld world, StoredEpoch e) => new()
    {
        Epoch = (ulong)e.Epoch, FirstBatch = (ulong)e.FirstBatch, LastBatch = (ulong)e.LastBatch, DistributionRoot = e.DistributionRoot,
        TotalPayout = new Nat(e.TotalPayout), Token = world.Dev.LedgerId,
    };

    [Fact]
    public async Task A_lost_reply_to_submit_epoch_is_recovered_from_the_same_signed_request()
    {
        var dropper = new ReplyDropper();
        await using var world = await EpochDueAsync(s => s.AddHttpClient(IcpAgent.HttpClientName).AddHttpMessageHandler(() => new DroppingHandler(dropper)));
        dropper.Armed = true;
        byte[]? requestId = null;
        for (int i = 0; i < 10 && (await world.Bridge.Store.GetEpochAsync(1))?.State != "posted"; i++)
        {
            try { await world.Settler.RunOnceAsync(CancellationToken.None); }
            catch (Exception e) when (e is HttpRequestException or IcpAgentException or IOException) { }
            var entry = await world.Bridge.Store.GetOutboxAsync(EpochSettler.SubmitEpochKind, "1");
            requestId ??= entry?.RequestId;
            Assert.Equal(requestId, entry?.RequestId); // one signed request, however often it is retried
        }
        Assert.Equal(1, dropper.Dropped); // the canister ran the call, the bridge never saw its reply
        var stored = (await world.Bridge.Store.GetEpochAsync(1))!;
        Assert.Equal("posted", stored.State);
        var onChain = (await Rollup(world).LastEpochAsync())!;
        Assert.Equal(1UL, onChain.Epoch);
        Assert.Equal(stored.DistributionRoot, onChain.DistributionRoot);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_restart_between_submission_and_acknowledgement_posts_the_epoch_once(bool submittedBeforeCrash)
    {
        await using var world = await EpochDueAsync();
        var settled = (await world.Settler.SettleAsync(1, CancellationToken.None))!;
        var ic = world.Bridge.App.Services.GetRequiredService<BridgeIc>();
        var crashing = new CrashAfterStoreTransport(ic.PosterAgent, world.Bridge.Store, submittedBeforeCrash);
        await Assert.ThrowsAsync<IOException>(() => new RollupClient(crashing, world.Dev.RollupId).SubmitEpochAsync(Header(world, settled)));
        var requestId = (await world.Bridge.Store.GetOutboxAsync(EpochSettler.SubmitEpochKind, "1"))!.RequestId;

        var calls = new CallCounter();
        await world.RestartAsync(s => s.AddHttpClient(IcpAgent.HttpClientName).AddHttpMessageHandler(() => new CountingHandler(calls)));
        await world.Settler.RunOnceAsync(CancellationToken.None);

        Assert.Equal("posted", (await world.Bridge.Store.GetEpochAsync(1))!.State);
        Assert.Equal(requestId, (await world.Bridge.Store.GetOutboxAsync(EpochSettler.SubmitEpochKind, "1"))!.RequestId);
        Assert.Equal(submittedBeforeCrash ? 0 : 1, calls.Calls); // on the canister already: nothing sent; else the stored bytes once
        Assert.Equal(settled.DistributionRoot, (await Rollup(world).GetEpochAsync(1))!.DistributionRoot);
    }

    [Fact]
    public async Task An_epoch_the_canister_already_holds_is_marked_posted_without_sending()
    {
        var calls = new CallCounter();
        await using var world = await EpochDueAsync(s => s.AddHttpClient(IcpAgent.HttpClientName).AddHttpMessageHandler(() => new CountingHandler(calls)));
        var settled = (await world.Settler.SettleAsync(1, CancellationToken.None))!;
        Assert.IsType<EpochResult.Ok>(await Rollup(world).SubmitEpochAsync(Header(world, settled)));
        int before = calls.Calls;

        await world.Settler.RunOnceAsync(CancellationToken.None);

        Assert.Equal("posted", (await world.Bridge.Store.GetEpochAsync(1))!.State);
        Assert.Equal(before, calls.Calls);
        Assert.Null(await world.Bridge.Store.GetOutboxAsync(EpochSettler.SubmitEpochKind, "1"));
    }

    [Fact]
    public async Task Another_epoch_on_the_canister_halts_settling_and_shows_on_ready_across_a_restart()
    {
        await using var world = await EpochDueAsync();
        var settled = (await world.Settler.SettleAsync(1, CancellationToken.None))!;
        Assert.IsType<EpochResult.Ok>(await Rollup(world).SubmitEpochAsync(Header(world, settled) with { DistributionRoot = new byte[32] }));

        await world.Settler.RunOnceAsync(CancellationToken.None);

        Assert.Equal("settled", (await world.Bridge.Store.GetEpochAsync(1))!.State);
        Assert.Contains("epoch 1 is not ours", await world.Bridge.App.Services.GetRequiredService<Roles.RoleHalts>().ReasonAsync(Roles.BridgeRole.Settling));
        using (var ready = await world.Bridge.Http.GetAsync("/ready"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Contains("settling:", (string?)(await Conformance.ReadObjectAsync(ready))["detail"]);
        }
        Assert.Null(await world.Bridge.Store.GetOutboxAsync(EpochSettler.SubmitEpochKind, "1")); // nothing was sent

        await world.RestartAsync();
        await world.Settler.RunOnceAsync(CancellationToken.None);
        Assert.Equal("settled", (await world.Bridge.Store.GetEpochAsync(1))!.State);
        Assert.NotNull(await world.Bridge.Store.GetSettingAsync(Roles.RoleHalts.SettingOf(Roles.BridgeRole.Settling)));
    }

    [Fact]
    public async Task A_restart_mid_settlement_settles_the_epoch_once_and_posts_it()
    {
        await using var world = await EpochDueAsync();
        var settled = (await world.Settler.SettleAsync(1, CancellationToken.None))!;
        var lines = await world.Bridge.Store.GetLinesAsync(1);

        await world.RestartAsync(); // stored, never posted
        await world.Settler.RunOnceAsync(CancellationToken.None);

        var after = (await world.Bridge.Store.GetEpochAsync(1))!;
        Assert.Equal("posted", after.State);
        Assert.Equal(settled.DistributionRoot, after.DistributionRoot);
        Assert.Equal(lines.Select(l => l.LineHash), (await world.Bridge.Store.GetLinesAsync(1)).Select(l => l.LineHash));
        var metrics = await world.Bridge.Http.GetStringAsync("/metrics");
        Assert.DoesNotContain("bridge_epochs_settled_total", metrics); // the second bridge settled nothing
        Assert.Contains("bridge_epochs_posted_total", metrics);
        Assert.Equal(settled.DistributionRoot, (await Rollup(world).LastEpochAsync())!.DistributionRoot);
        Assert.Null(await world.Bridge.Store.GetEpochAsync(2));
    }

    /// <summary>Signs and stores the call as the settler does, maybe submits it, then fails as a crash would.</summary>
    private sealed class CrashAfterStoreTransport(IcpAgent agent, IBridgeStore store, bool submit) : ICanisterTransport
    {
        public async Task<byte[]> CallAsync(Principal canister, string method, byte[] arg, CancellationToken ct)
        {
            var call = agent.SignCall(canister, method, arg);
            await store.AddOutboxAsync(new OutboxEntry(EpochSettler.SubmitEpochKind, "1", call.RequestId.ToArray(), call.ToBytes(), SettlementWorld.NowNs), ct);
            if (submit) await agent.SubmitAsync(call, ct);
            throw new IOException("crash before the acknowledgement");
        }

        public Task<byte[]> QueryAsync(Principal canister, string method, byte[] arg, CancellationToken ct) => agent.QueryAsync(canister, method, arg, ct);
    }

    private sealed class CallCounter
    {
        private int _calls;
        public int Calls => Volatile.Read(ref _calls);
        public void Add() => Interlocked.Increment(ref _calls);
    }

    private sealed class CountingHandler(CallCounter counter) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri!.AbsolutePath.EndsWith("/call", StringComparison.Ordinal)) counter.Add();
            return base.SendAsync(request, cancellationToken);
        }
    }

    private sealed class ReplyDropper
    {
        private int _dropped;
        public volatile bool Armed;
        public int Dropped => Volatile.Read(ref _dropped);
        public bool TakeOne() => Armed && Interlocked.CompareExchange(ref _dropped, 1, 0) == 0;
    }

    /// <summary>Lets the first armed call reach the canister and run, then loses its reply.</summary>
    private sealed class DroppingHandler(ReplyDropper dropper) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (request.RequestUri!.AbsolutePath.EndsWith("/call", StringComparison.Ordinal) && dropper.TakeOne())
            {
                response.Dispose();
                throw new HttpRequestException("the reply was lost");
            }
            return response;
        }
    }
}
