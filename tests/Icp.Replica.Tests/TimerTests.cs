using static Icp.Replica.Tests.TestReplica;

namespace Icp.Replica.Tests;

/// <summary>Motoko timers (ic0.global_timer_set and canister_global_timer) under the replica's clock; certified data.</summary>
public class TimerTests
{
    public sealed record TimerState(
        [property: CandidName("fired")] Nat Fired,
        [property: CandidName("ticks")] Nat Ticks,
        [property: CandidName("lastFiredAt")] System.Numerics.BigInteger LastFiredAt);

    private static async Task<(ulong Fired, ulong Ticks, long LastFiredAt)> StateAsync(LocalReplica ic, Principal id)
    {
        var s = CandidSerializer.Deserialize<TimerState>(await ic.QueryCallAsync(id, "state", NoArgs));
        return ((ulong)s.Fired, (ulong)s.Ticks, (long)s.LastFiredAt);
    }

    [Fact]
    public async Task A_one_shot_timer_fires_when_time_passes_its_deadline()
    {
        await using var ic = await StartAsync();
        var id = await ic.InstallAsync("Timers");
        await ic.UpdateCallAsync(id, "scheduleOnce", Args<Nat>(10UL));
        ic.Tick();
        Assert.Equal(0UL, (await StateAsync(ic, id)).Fired);
        ic.AdvanceTime(TimeSpan.FromSeconds(5));
        Assert.Equal(0UL, (await StateAsync(ic, id)).Fired);
        ic.AdvanceTime(TimeSpan.FromSeconds(6));
        var state = await StateAsync(ic, id);
        Assert.Equal(1UL, state.Fired);
        Assert.Equal((long)ic.TimeNanos, state.LastFiredAt);
        ic.AdvanceTime(TimeSpan.FromMinutes(5));
        Assert.Equal(1UL, (await StateAsync(ic, id)).Fired);
    }

    [Fact]
    public async Task A_recurring_timer_fires_each_period_until_cancelled()
    {
        await using var ic = await StartAsync();
        var id = await ic.InstallAsync("Timers");
        ulong timer = await ic.UpdateCallAsync(id, "scheduleEvery", Args<Nat>(60UL)).NatAsync();
        for (int i = 0; i < 3; i++) ic.AdvanceTime(TimeSpan.FromSeconds(61));
        Assert.Equal(3UL, (await StateAsync(ic, id)).Ticks);
        await ic.UpdateCallAsync(id, "cancel", Args<Nat>(timer));
        ic.AdvanceTime(TimeSpan.FromSeconds(61));
        Assert.Equal(3UL, (await StateAsync(ic, id)).Ticks);
    }

    [Fact]
    public async Task Time_is_the_replica_clock()
    {
        await using var ic = await StartAsync();
        var id = await ic.InstallAsync("Timers");
        long now = (long)CandidSerializer.Deserialize<System.Numerics.BigInteger>(await ic.QueryCallAsync(id, "now", NoArgs));
        Assert.Equal(Start.ToUnixTimeMilliseconds() * 1_000_000, now);
        ic.SetTime(Start.AddHours(1));
        now = (long)CandidSerializer.Deserialize<System.Numerics.BigInteger>(await ic.QueryCallAsync(id, "now", NoArgs));
        Assert.Equal(Start.AddHours(1).ToUnixTimeMilliseconds() * 1_000_000, now);
        Assert.Throws<ArgumentOutOfRangeException>(() => ic.SetTime(Start));
    }

    [Fact]
    public async Task Certified_data_is_stored_and_the_certificate_comes_from_the_provider()
    {
        await using var ic = await StartAsync();
        var id = await ic.InstallAsync("Timers");
        await ic.UpdateCallAsync(id, "certify", Args("hello"));
        Assert.Equal("hello"u8.ToArray(), ic.GetCertifiedData(id));

        // Without a provider, the replica certifies: a BLS certificate under its root key with the canister's certified data.
        byte[] cbor = CandidSerializer.Deserialize(await ic.QueryCallAsync(id, "certificate", NoArgs), new OptionalConverter<byte[]>(CandidConverters.Blob))!;
        var verifier = new Icp.Agent.Certification.CertificateVerifier(Icp.Agent.Certification.Bls12381Verifier.Shared,
            Icp.Agent.Certification.BlsPublicKey.FromDer(ic.RootKeyDer), new() { MaxCertificateAge = null });
        var certificate = verifier.Verify(cbor, Icp.Agent.Certification.CertificateScope.ForCanister(id));
        Assert.Equal("hello"u8.ToArray(), certificate.Lookup([.. Icp.Agent.Certification.HashTree.Path("canister"), id.ToArray(), "certified_data"u8.ToArray()]).Value);
        Assert.Equal(ic.Time, certificate.Time);

        byte[]? seenData = null;
        await using var certified = await LocalReplica.StartAsync(new LocalReplicaOptions
        {
            InitialTime = Start,
            DataCertificateProvider = (canister, data) => { seenData = data; return [0xd9, 0xd9, 0xf7]; },
        });
        var other = await certified.InstallAsync("Timers");
        await certified.UpdateCallAsync(other, "certify", Args("abc"));
        Assert.True(CandidSerializer.Deserialize<bool>(await certified.QueryCallAsync(other, "certificatePresent", NoArgs)));
        Assert.Equal("abc"u8.ToArray(), seenData);
    }
}
