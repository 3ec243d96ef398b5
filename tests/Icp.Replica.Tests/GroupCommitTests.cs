using static Icp.Replica.Tests.TestReplica;

namespace Icp.Replica.Tests;

/// <summary>Update calls that arrive while a round runs share the next round: one journal commit, then all answers.</summary>
public sealed class GroupCommitTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "icp-replica-group-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Calls_queued_behind_a_round_run_together_in_one_journaled_round_and_survive_a_restart()
    {
        const int Calls = 6;
        Principal counter;
        await using (var ic = await LocalReplica.StartAsync(new LocalReplicaOptions { StateDirectory = _dir, InitialTime = Start }))
        {
            counter = await ic.InstallAsync("Counter");
            using var release = new ManualResetEventSlim();
            ulong start = ic.CertifiedHeight;
            var holder = Task.Run(() => ic.RunAsync(_ => release.Wait(TimeSpan.FromSeconds(30)), CancellationToken.None));
            while (ic.CertifiedHeight == start) await Task.Delay(10); // the holder has the lock
            ulong heightBefore = ic.CertifiedHeight;
            var calls = Enumerable.Range(0, Calls).Select(_ => ic.UpdateCallAsync(counter, "inc", NoArgs)).ToList();
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (ic.QueuedRoundWork < Calls && DateTime.UtcNow < deadline) await Task.Delay(10);
            Assert.Equal(Calls, ic.QueuedRoundWork);
            release.Set();
            Assert.True(await holder);

            var answers = await Task.WhenAll(calls.Select(c => c.NatAsync()));
            Assert.Equal(Enumerable.Range(1, Calls).Select(i => (ulong)i), answers.Order());
            Assert.Equal(heightBefore + 1, ic.CertifiedHeight); // one round for all of them
        }
        // Every answered call was journaled before its answer.
        await using var restarted = await LocalReplica.StartAsync(new LocalReplicaOptions { StateDirectory = _dir, InitialTime = Start });
        Assert.Equal((ulong)Calls, await restarted.QueryCallAsync(counter, "get", NoArgs).NatAsync());
    }

    [Fact]
    public async Task A_call_cancelled_while_it_waits_for_its_round_never_runs()
    {
        await using var ic = await StartAsync();
        var counter = await ic.InstallAsync("Counter");
        using var release = new ManualResetEventSlim();
        ulong start = ic.CertifiedHeight;
        var holder = Task.Run(() => ic.RunAsync(_ => release.Wait(TimeSpan.FromSeconds(30)), CancellationToken.None));
        using var cancel = new CancellationTokenSource();
        while (ic.CertifiedHeight == start) await Task.Delay(10); // the holder has the lock
        var call = ic.UpdateCallAsync(counter, "inc", NoArgs, cancellationToken: cancel.Token);
        while (ic.QueuedRoundWork == 0) await Task.Delay(10);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        release.Set();
        await holder;
        Assert.Equal(0UL, await ic.QueryCallAsync(counter, "get", NoArgs).NatAsync());
        Assert.Equal(1UL, await ic.UpdateCallAsync(counter, "inc", NoArgs).NatAsync());
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }
}
