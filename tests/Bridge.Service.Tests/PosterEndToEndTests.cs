using System.Net;
using System.Text.Json.Nodes;
using Bridge.Core.Leaves;
using Bridge.Core.Merkle;
using Bridge.Service.Dev;
using Bridge.Service.Ic;
using Bridge.Service.Ic.Rollup;
using Bridge.Service.Posting;
using Bridge.Service.Store;
using Icp.Agent;
using Icp.Candid;
using Icp.Replica;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Bridge.Service.Tests;

/// <summary>
/// The bridge against the in-process replica over HTTP, with the real rollup and ledger canisters installed as
/// <c>--dev</c> installs them: nodes register, receipts arrive, batches are cut, posted and become final on the
/// canister, and the proofs served verify against the canister's roots; a restart around submission posts nothing twice.
/// </summary>
public sealed class PosterEndToEndTests
{
    internal static async Task<DevEnvironment> StartDevAsync(string directory) =>
        await DevEnvironment.StartAsync(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Dev:DataDirectory"] = directory,
            ["Dev:ReplicaPort"] = "0",
            ["Bridge:ChallengeWindow"] = "00:00:02",
        }).Build(), CancellationToken.None);

    internal static Dictionary<string, string> Settings(DevEnvironment dev, bool post)
    {
        var settings = dev.Settings.ToDictionary(kv => kv.Key, kv => kv.Value!);
        settings["Bridge:PostBatches"] = post ? "true" : "false";
        settings["Bridge:BatchInterval"] = "00:00:01";
        settings["Bridge:ChallengeWindow"] = "00:00:02";
        return settings;
    }

    internal static string NewDirectory() => Path.Combine(Path.GetTempPath(), "bridge-e2e-" + Guid.NewGuid().ToString("N"));

    internal static ulong NowNs => (ulong)(DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks * 100;

    internal static async Task RegisterNodeAAsync(TestBridge bridge) =>
        Assert.Equal(HttpStatusCode.Created, (await bridge.Http.PostAsync("/v1/nodes", Conformance.Json(Conformance.RegistrationBody("node-a")))).StatusCode);

    internal static async Task<List<(string Id, byte[] Hash)>> SubmitAsync(TestBridge bridge, DevEnvironment dev, int count, string prefix)
    {
        var sent = new List<(string, byte[])>();
        for (int i = 0; i < count; i++)
        {
            string id = $"{prefix}-{i}";
            var (body, hash) = SignedReceipts.Make(id, NowNs - 5_000_000_000, dev.LedgerId);
            using var response = await bridge.Http.PostAsync("/v1/receipts", Conformance.Json(body));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            sent.Add((id, hash));
        }
        return sent;
    }

    internal static async Task<JsonObject> WaitForBatchAsync(TestBridge bridge, long sequence, string status)
    {
        JsonObject? last = null;
        for (int i = 0; i < 600; i++)
        {
            using var response = await bridge.Http.GetAsync($"/v1/batches/{sequence}");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                last = await Conformance.ReadObjectAsync(response);
                if ((string?)last["status"] == status) return last;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"batch {sequence} did not become {status}: {last?.ToJsonString()}");
    }

    private static async Task<JsonObject> WaitForReceiptAsync(TestBridge bridge, string id, string status)
    {
        JsonObject? last = null;
        for (int i = 0; i < 600; i++)
        {
            last = await Conformance.ReadObjectAsync(await bridge.Http.GetAsync($"/v1/receipts/{SignedReceipts.NodeA.Sender}/{id}"));
            if ((string?)last["status"] == status) return last;
            await Task.Delay(100);
        }
        throw new TimeoutException($"receipt {id} did not become {status}: {last?.ToJsonString()}");
    }

    [Fact]
    public async Task Receipts_are_batched_posted_and_final_and_their_proofs_verify_against_the_canister()
    {
        string directory = NewDirectory();
        await using var dev = await StartDevAsync(directory);
        await using var bridge = await TestBridge.StartAsync(null, Settings(dev, post: true), directory: directory);
        await RegisterNodeAAsync(bridge);
        var sent = await SubmitAsync(bridge, dev, 5, "e2e");

        // The cut runs every second, so the receipts may land in one batch or several: each proof is checked against its own.
        var rollup = new RollupClient(dev.Replica.AsTransport(), dev.RollupId);
        var batches = new HashSet<ulong>();
        foreach (var (id, hash) in sent)
        {
            var status = await WaitForReceiptAsync(bridge, id, "final");
            ulong sequence = ulong.Parse((string)status["batch"]!);
            batches.Add(sequence);
            var onChain = (await rollup.GetBatchAsync(sequence))!;
            Assert.IsType<BatchStatus.Final>(onChain.Status);
            Assert.Equal(onChain.Header.ReceiptCount.ToString(), (string?)status["tree_size"]);
            var leaf = Convert.FromHexString((string)status["leaf"]!);
            Assert.Equal(hash, ReceiptLeafCodec.Decode(leaf).ReceiptHash);
            var path = status["proof"]!.AsArray().Select(p => Convert.FromHexString((string)p!)).ToList();
            ulong index = ulong.Parse((string)status["leaf_index"]!);
            Assert.True(MerkleTree.VerifyInclusion(MerkleTree.LeafHash(leaf), index, onChain.Header.ReceiptCount, path, onChain.Header.Root));
        }
        ulong total = 0;
        foreach (var sequence in batches)
        {
            var onChain = (await rollup.GetBatchAsync(sequence))!;
            var batch = await WaitForBatchAsync(bridge, (long)sequence, "final");
            Assert.Equal(Convert.ToHexStringLower(onChain.Header.Root), (string?)batch["root"]);
            var leaves = (await Conformance.ReadObjectAsync(await bridge.Http.GetAsync($"/v1/batches/{sequence}/leaves")))["leaves"]!.AsArray()
                .Select(l => Convert.FromHexString((string)l!)).ToList();
            Assert.Equal(onChain.Header.Root, MerkleTree.RootOf(leaves));
            total += onChain.Header.ReceiptCount;
        }
        Assert.Equal(5UL, total);

        using var ready = await bridge.Http.GetAsync("/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_restart_around_submission_posts_the_batch_once(bool submittedBeforeCrash)
    {
        string directory = NewDirectory();
        await using var dev = await StartDevAsync(directory);
        var first = await TestBridge.StartAsync(null, Settings(dev, post: false), directory: directory);
        byte[] requestId;
        try
        {
            await RegisterNodeAAsync(first);
            await SubmitAsync(first, dev, 3, "restart");
            var poster = first.App.Services.GetRequiredService<BatchPoster>();
            Assert.Equal(1, await poster.CutAsync(NowNs + 1, CancellationToken.None));
            var stored = (await first.Store.GetBatchAsync(1))!;

            // The poster's first steps, then a crash: signed and stored (and maybe sent), never acknowledged.
            var ic = first.App.Services.GetRequiredService<BridgeIc>();
            var crashing = new CrashAfterStoreTransport(ic.PosterAgent, first.Store, submittedBeforeCrash);
            await Assert.ThrowsAsync<IOException>(() => new RollupClient(crashing, dev.RollupId).SubmitBatchAsync(new Ic.Rollup.BatchHeader
            {
                Sequence = 1, PreviousRoot = stored.PreviousRoot, Root = stored.Root, ReceiptCount = (ulong)stored.ReceiptCount,
                TotalFees = new Nat(stored.TotalFees), TotalGpuSeconds = new Nat(stored.TotalGpuSeconds),
                WindowStartNs = stored.WindowStartNs, WindowEndNs = stored.WindowEndNs,
            }));
            requestId = (await first.Store.GetOutboxAsync(BatchPoster.SubmitBatchKind, "1"))!.RequestId;
        }
        finally
        {
            await first.StopAsync();
        }

        var calls = new CallCounter();
        await using var second = await TestBridge.StartAsync(null, Settings(dev, post: true), services => services
            .AddHttpClient(IcpAgent.HttpClientName).AddHttpMessageHandler(() => new CountingHandler(calls)), directory);
        await WaitForBatchAsync(second, 1, "final");

        var outbox = (await second.Store.GetOutboxAsync(BatchPoster.SubmitBatchKind, "1"))!;
        Assert.Equal(requestId, outbox.RequestId);                     // no second signed request
        Assert.Equal(submittedBeforeCrash ? 0 : 1, calls.Calls);       // sent already: nothing sent again; else the stored bytes once
        var last = (await new RollupClient(dev.Replica.AsTransport(), dev.RollupId).LastBatchAsync())!;
        Assert.Equal(1UL, last.Header.Sequence);
        Assert.Equal((await second.Store.GetBatchAsync(1))!.Root, last.Header.Root);
    }

    /// <summary>Signs and stores the call as the poster does, maybe submits it, then fails as a crash would.</summary>
    private sealed class CrashAfterStoreTransport(IcpAgent agent, IBridgeStore store, bool submit) : ICanisterTransport
    {
        public async Task<byte[]> CallAsync(Principal canister, string method, byte[] arg, CancellationToken ct)
        {
            var call = agent.SignCall(canister, method, arg);
            await store.AddOutboxAsync(new OutboxEntry(BatchPoster.SubmitBatchKind, "1", call.RequestId.ToArray(), call.ToBytes(), NowNs), ct);
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
}
