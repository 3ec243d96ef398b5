using System.Net;
using Icp.Agent;
using Icp.Agent.Identities;
using Icp.Agent.Requests;
using static Icp.Replica.Tests.TestReplica;

namespace Icp.Replica.Tests;

/// <summary>
/// The state journal: every round that changes something is on disk before its answers leave; a crash image (the
/// directory copied while the replica runs, never stopped) loads; a torn or corrupt newest record or generation
/// leaves the state before it.
/// </summary>
public sealed class StateJournalTests : IDisposable
{
    private readonly List<string> _directories = [];

    private string NewDirectory()
    {
        string dir = Path.Combine(Path.GetTempPath(), "icp-replica-journal-" + Guid.NewGuid().ToString("N"));
        _directories.Add(dir);
        return dir;
    }

    private static Task<LocalReplica> StartAsync(string dir) =>
        LocalReplica.StartAsync(new LocalReplicaOptions { InitialTime = Start, StateDirectory = dir });

    /// <summary>What a crash leaves: the files as they are now (the replica keeps running and is never stopped cleanly).</summary>
    private string CrashImage(string dir)
    {
        string image = NewDirectory();
        Directory.CreateDirectory(image);
        foreach (string file in Directory.GetFiles(dir))
        {
            using var source = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var target = File.Create(Path.Combine(image, Path.GetFileName(file)));
            source.CopyTo(target);
        }
        return image;
    }

    private static string NewestJournal(string dir) => Directory.GetFiles(dir, "journal.*.log").Max()!;

    [Fact]
    public async Task A_crash_image_has_every_answered_update()
    {
        string dir = NewDirectory();
        await using var ic = await StartAsync(dir);
        var id = await ic.InstallAsync("Counter");
        for (int i = 0; i < 5; i++) await ic.UpdateCallAsync(id, "inc", NoArgs);
        string image = CrashImage(dir);

        await using var restarted = await StartAsync(image);
        Assert.Equal(5UL, await restarted.QueryCallAsync(id, "get", NoArgs).NatAsync());
        Assert.Equal(6UL, await restarted.UpdateCallAsync(id, "inc", NoArgs).NatAsync());
    }

    [Fact]
    public async Task Stopping_after_the_state_directory_was_removed_does_not_throw()
    {
        // Every round is durable already; the compaction at a clean stop is optional and must not fail the stop.
        string dir = NewDirectory();
        var ic = await StartAsync(dir);
        var id = await ic.InstallAsync("Counter");
        await ic.UpdateCallAsync(id, "inc", NoArgs);
        Directory.Delete(dir, recursive: true);
        await ic.DisposeAsync();
    }

    [Fact]
    public async Task A_torn_last_record_leaves_the_state_of_the_round_before()
    {
        string dir = NewDirectory();
        await using var ic = await StartAsync(dir);
        var id = await ic.InstallAsync("Counter");
        for (int i = 0; i < 5; i++) await ic.UpdateCallAsync(id, "inc", NoArgs);

        string truncated = CrashImage(dir);
        using (var file = new FileStream(NewestJournal(truncated), FileMode.Open)) file.SetLength(file.Length - 10);
        await using (var restarted = await StartAsync(truncated))
            Assert.Equal(4UL, await restarted.QueryCallAsync(id, "get", NoArgs).NatAsync());

        string flipped = CrashImage(dir);
        using (var file = new FileStream(NewestJournal(flipped), FileMode.Open))
        {
            file.Position = file.Length - 3;
            int b = file.ReadByte();
            file.Position = file.Length - 3;
            file.WriteByte((byte)(b ^ 0xFF));
        }
        await using (var restarted = await StartAsync(flipped))
        {
            Assert.Equal(4UL, await restarted.QueryCallAsync(id, "get", NoArgs).NatAsync());
            // The journal goes on after the torn record was cut off.
            Assert.Equal(5UL, await restarted.UpdateCallAsync(id, "inc", NoArgs).NatAsync());
        }
        await using (var again = await StartAsync(flipped))
            Assert.Equal(5UL, await again.QueryCallAsync(id, "get", NoArgs).NatAsync());
    }

    [Fact]
    public async Task A_corrupt_newest_generation_falls_back_to_the_previous_one()
    {
        string dir = NewDirectory();
        await using var ic = await StartAsync(dir);
        var id = await ic.InstallAsync("Counter");
        for (int i = 0; i < 3; i++) await ic.UpdateCallAsync(id, "inc", NoArgs);
        await ic.SaveStateAsync();
        string image = CrashImage(dir);
        Assert.Equal(2, Directory.GetFiles(image, "journal.*.log").Length);

        // A crash while the new generation's first record was being written.
        using (var file = new FileStream(NewestJournal(image), FileMode.Open))
        {
            file.Position = 100;
            int b = file.ReadByte();
            file.Position = 100;
            file.WriteByte((byte)(b ^ 0x01));
        }
        await using (var restarted = await StartAsync(image))
        {
            Assert.Equal(3UL, await restarted.QueryCallAsync(id, "get", NoArgs).NatAsync());
            Assert.Equal(4UL, await restarted.UpdateCallAsync(id, "inc", NoArgs).NatAsync());
            // The torn generation is gone; the one loaded stays as the fallback of the new one.
            Assert.Equal(["journal.0000000001.log", "journal.0000000003.log"],
                Directory.GetFiles(image, "journal.*.log").Select(Path.GetFileName).Order(StringComparer.Ordinal));
        }
        await using var again = await StartAsync(image);
        Assert.Equal(4UL, await again.QueryCallAsync(id, "get", NoArgs).NatAsync());
    }

    [Fact]
    public async Task A_round_writes_only_the_memory_it_changed_and_a_query_writes_nothing()
    {
        string dir = NewDirectory();
        await using var ic = await StartAsync(dir);
        var id = await ic.InstallAsync("Counter");
        long memory = ic.Core.Find(id)!.Instance!.MemorySize;
        long before = new FileInfo(NewestJournal(dir)).Length;
        await ic.QueryCallAsync(id, "get", NoArgs);
        ic.Tick();
        Assert.Equal(before, new FileInfo(NewestJournal(dir)).Length);

        await ic.UpdateCallAsync(id, "inc", NoArgs);
        long written = new FileInfo(NewestJournal(dir)).Length - before;
        Assert.InRange(written, 1, memory / 8);
    }

    [Fact]
    public async Task An_answered_request_keeps_its_status_after_a_crash_and_is_not_executed_again()
    {
        string dir = NewDirectory();
        var user = Ed25519Identity.Generate();
        CallContent content;
        Principal id;
        string image;
        await using (var ic = await HttpReplica.StartAsync(dir))
        {
            id = await ic.InstallAsync("Counter");
            content = HttpReplica.Call(user, id, "add", Args((Nat)7));
            var (status, _, _) = await HttpReplica.PostAsync(ic, $"/api/v3/canister/{id}/call", Envelope.Sign(content, user).ToCbor());
            Assert.Equal(HttpStatusCode.OK, status);
            image = CrashImage(dir);
        }

        await using var restarted = await HttpReplica.StartAsync(image);
        var agent = HttpReplica.Agent(restarted, user);
        var read = await agent.RequestStatusAsync(id, content.RequestId);
        Assert.Equal(RequestStatusKind.Replied, read.Kind);
        Assert.Equal(7UL, (ulong)CandidSerializer.Deserialize<Nat>(read.Reply!));

        var (again, _, _) = await HttpReplica.PostAsync(restarted, $"/api/v3/canister/{id}/call", Envelope.Sign(content, user).ToCbor());
        Assert.Equal(HttpStatusCode.OK, again);
        Assert.Equal(7UL, await agent.QueryAsync(id, "get", NoArgs).NatAsync());
    }

    public void Dispose()
    {
        foreach (string dir in _directories)
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
    }
}
