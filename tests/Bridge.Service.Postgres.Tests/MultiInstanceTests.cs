using System.Net;
using System.Text.Json.Nodes;
using Bridge.Service.Leadership;
using Bridge.Service.Store.Postgres;
using Icp.Candid;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Bridge.Service.Tests;

/// <summary>
/// Two bridges on one PostgreSQL database: both take receipts and answer the same receipt or a conflicting one as one
/// bridge would; one holds the active role and the other takes it over when the first stops.
/// </summary>
public sealed class MultiInstanceTests
{
    private static readonly Principal FeeToken = Principal.Parse("ryjl3-tyaaa-aaaaa-aaaba-cai");

    private static ulong NowNs => (ulong)(DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks * 100;

    private static async Task<(TestBridge A, TestBridge B)> TwoBridgesAsync(Dictionary<string, string>? settings = null)
    {
        // One directory, so one schema (TestStoreSettings): the two share their database.
        string directory = Path.Combine(Path.GetTempPath(), "bridge-pair-" + Guid.NewGuid().ToString("N"));
        var a = await TestBridge.StartAsync(null, settings, directory: directory);
        var b = await TestBridge.StartAsync(null, settings, directory: directory);
        Assert.Equal(HttpStatusCode.Created, (await a.Http.PostAsync("/v1/nodes", Conformance.Json(Conformance.RegistrationBody("node-a")))).StatusCode);
        return (a, b);
    }

    private static async Task<(int Status, string? Hash, string? Code)> AnswerOf(Task<HttpResponseMessage> request)
    {
        using var response = await request;
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        return ((int)response.StatusCode, (string?)body["receipt_hash"], (string?)body["code"]);
    }

    [Fact]
    public async Task The_same_receipt_sent_to_two_instances_at_once_gets_one_202_and_one_200()
    {
        var (a, b) = await TwoBridgesAsync();
        await using var _ = a;
        await using var __ = b;
        for (int i = 0; i < 10; i++)
        {
            var (body, hash) = SignedReceipts.Make($"same-{i}", NowNs - 5_000_000_000, FeeToken);
            var answers = await Task.WhenAll(AnswerOf(a.Http.PostAsync("/v1/receipts", Conformance.Json(body))),
                AnswerOf(b.Http.PostAsync("/v1/receipts", Conformance.Json(body))));
            Assert.Equal([200, 202], answers.Select(x => x.Status).Order());
            Assert.All(answers, x => Assert.Equal(Convert.ToHexStringLower(hash), x.Hash));
        }
        Assert.Equal(10, (await b.Store.CountAsync()).Receipts);
    }

    [Fact]
    public async Task Conflicting_receipts_sent_to_two_instances_at_once_get_one_202_and_one_409()
    {
        var (a, b) = await TwoBridgesAsync();
        await using var _ = a;
        await using var __ = b;
        for (int i = 0; i < 10; i++)
        {
            ulong ended = NowNs - 5_000_000_000;
            var (first, firstHash) = SignedReceipts.Make($"conflict-{i}", ended, FeeToken, gpuSeconds: 30);
            var (second, secondHash) = SignedReceipts.Make($"conflict-{i}", ended, FeeToken, gpuSeconds: 31);
            var answers = await Task.WhenAll(AnswerOf(a.Http.PostAsync("/v1/receipts", Conformance.Json(first))),
                AnswerOf(b.Http.PostAsync("/v1/receipts", Conformance.Json(second))));
            Assert.Equal([202, 409], answers.Select(x => x.Status).Order());
            Assert.Equal("receipt_conflict", answers.Single(x => x.Status == 409).Code);
            var stored = (await a.Store.GetReceiptAsync(SignedReceipts.NodeA.Sender, $"conflict-{i}"))!;
            Assert.Equal(answers[0].Status == 202 ? firstHash : secondHash, stored.ReceiptHash);
        }
        Assert.Equal(10, (await a.Store.CountAsync()).Receipts);
    }

    [Fact]
    public async Task One_instance_holds_the_active_role_and_the_other_takes_it_over_when_it_stops()
    {
        var (a, b) = await TwoBridgesAsync(new Dictionary<string, string> { ["Leadership:LeaseDuration"] = "00:00:01" });
        await using var __ = b;
        ILeadership la = a.App.Services.GetRequiredService<ILeadership>(), lb = b.App.Services.GetRequiredService<ILeadership>();
        await WaitUntilAsync(() => la.IsLeader || lb.IsLeader);
        Assert.False(la.IsLeader && lb.IsLeader);
        var (leader, follower, lf) = la.IsLeader ? (a, b, lb) : (b, a, la);
        long token = leader.App.Services.GetRequiredService<ILeadership>().Token;
        Assert.True(token > 0);
        // Receipts reach the follower too.
        var (body, _) = SignedReceipts.Make("while-following", NowNs - 5_000_000_000, FeeToken);
        Assert.Equal(HttpStatusCode.Accepted, (await follower.Http.PostAsync("/v1/receipts", Conformance.Json(body))).StatusCode);

        await leader.StopAsync();                          // releases the lease on the way out
        await WaitUntilAsync(() => lf.IsLeader);
        Assert.True(lf.Token > token);
        await follower.Store.SetSettingAsync("written-by", "the new leader");
        if (leader == a) await b.DisposeAsync();
        else await a.DisposeAsync();
    }

    [Fact]
    public async Task An_active_role_worker_runs_only_on_the_instance_that_holds_the_lease()
    {
        string database = PostgresTestDatabase.NewSchema();
        await using var storeA = new PostgresBridgeStore(database, TimeProvider.System);
        await using var storeB = new PostgresBridgeStore(database, TimeProvider.System);
        await storeA.MigrateAsync();
        var options = Options.Create(new LeadershipOptions { LeaseDuration = TimeSpan.FromSeconds(1) });
        var leaderA = new LeaseLeadership(storeA, options, NullLogger<LeaseLeadership>.Instance);
        var leaderB = new LeaseLeadership(storeB, options, NullLogger<LeaseLeadership>.Instance);
        var workerA = new CountingWorker();
        var workerB = new CountingWorker();
        var runA = new LeaderOnlyService(workerA, leaderA, NullLogger<LeaderOnlyService>.Instance);
        var runB = new LeaderOnlyService(workerB, leaderB, NullLogger<LeaderOnlyService>.Instance);

        await leaderA.StartAsync(CancellationToken.None);
        await runA.StartAsync(CancellationToken.None);
        await WaitUntilAsync(() => workerA.Running);
        await leaderB.StartAsync(CancellationToken.None);
        await runB.StartAsync(CancellationToken.None);
        await Task.Delay(1500);                           // B renews at least once meanwhile, and stays a follower
        Assert.False(leaderB.IsLeader);
        Assert.Equal(0, workerB.Starts);

        await leaderA.StopAsync(CancellationToken.None);  // the term ends: A's worker stops, B's starts
        await WaitUntilAsync(() => !workerA.Running && workerB.Running);
        Assert.Equal(1, workerA.Starts);
        Assert.Equal(2, (await storeB.GetLeaseAsync()).Token);

        await runA.StopAsync(CancellationToken.None);
        await runB.StopAsync(CancellationToken.None);
        await leaderB.StopAsync(CancellationToken.None);
        Assert.False(workerB.Running);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (int i = 0; i < 200 && !condition(); i++) await Task.Delay(50);
        Assert.True(condition());
    }

    /// <summary>A worker that records whether it runs and how often it started.</summary>
    private sealed class CountingWorker : BackgroundService
    {
        private int _starts;
        private volatile bool _running;

        public int Starts => _starts;

        public bool Running => _running;

        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            Interlocked.Increment(ref _starts);
            _running = true;
            try { await Task.Delay(Timeout.Infinite, stoppingToken); }
            catch (OperationCanceledException) { }
            finally { _running = false; }
        }
    }
}
