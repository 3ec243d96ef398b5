using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Bridge.Core.Receipts;
using Bridge.Service.Store;
using Bridge.Service.Store.Sqlite;
using Icp.Candid;
using Microsoft.Extensions.DependencyInjection;

namespace Bridge.Service.Tests;

/// <summary>
/// The intake under concurrent requests: a batch's items are checked in parallel and a new receipt is queued without
/// reading the receipts table first, so the writer's insert is what decides between 202, 200 and 409.
/// </summary>
public sealed class IntakeConcurrencyTests
{
    private static readonly Principal FeeToken = Principal.Parse("ryjl3-tyaaa-aaaaa-aaaba-cai");

    [Fact]
    public async Task Concurrent_overlapping_batches_acknowledge_every_receipt_once_with_202_and_store_exactly_those()
    {
        await using var bridge = await TestBridge.StartAsync(null);
        await PosterEndToEndTests.RegisterNodeAAsync(bridge);
        ulong ended = PosterEndToEndTests.NowNs - 5_000_000_000;
        var receipts = Enumerable.Range(0, 200).Select(i => SignedReceipts.Make($"c-{i}", ended, FeeToken)).ToArray();
        // Eight requests of 100 items; each receipt is in four of them.
        var requests = Enumerable.Range(0, 8).Select(k => Enumerable.Range(k * 25, 100).Select(i => i % 200).ToArray()).ToArray();
        var answers = await Task.WhenAll(requests.Select(async items =>
        {
            using var response = await bridge.Http.PostAsync("/v1/receipts/batch",
                Conformance.Json("[" + string.Join(',', items.Select(i => receipts[i].Body)) + "]"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();
        }));

        var created = new int[receipts.Length];
        for (int r = 0; r < requests.Length; r++)
        {
            Assert.Equal(requests[r].Length, answers[r].Count);
            for (int j = 0; j < requests[r].Length; j++)
            {
                int i = requests[r][j], status = (int)answers[r][j]!["status"]!;
                Assert.True(status is 202 or 200, $"receipt {i}: {answers[r][j]!.ToJsonString()}");
                Assert.Equal(Convert.ToHexStringLower(receipts[i].Hash), (string?)answers[r][j]!["receipt_hash"]);
                if (status == 202) created[i]++;
            }
        }
        Assert.All(created, c => Assert.Equal(1, c));
        Assert.Equal(receipts.Length, (await bridge.Store.CountAsync()).Receipts);
    }

    [Fact]
    public async Task Two_concurrent_receipts_with_one_receipt_id_store_one_and_answer_the_other_409()
    {
        await using var bridge = await TestBridge.StartAsync(null);
        await PosterEndToEndTests.RegisterNodeAAsync(bridge);
        ulong ended = PosterEndToEndTests.NowNs - 5_000_000_000;
        var first = SignedReceipts.Make("same-id", ended, FeeToken, fee: 1_000);
        var second = SignedReceipts.Make("same-id", ended, FeeToken, fee: 2_000);
        var responses = await Task.WhenAll(new[] { first, second }.Select(r => bridge.Http.PostAsync("/v1/receipts", Conformance.Json(r.Body))));
        var statuses = responses.Select(r => (int)r.StatusCode).Order().ToArray();
        Assert.Equal([202, 409], statuses);
        int winner = (int)responses[0].StatusCode == 202 ? 0 : 1;
        var stored = await bridge.Store.GetReceiptAsync(SignedReceipts.NodeA.Sender, "same-id");
        Assert.Equal(winner == 0 ? first.Hash : second.Hash, stored!.ReceiptHash);
        Assert.Equal(1, (await bridge.Store.CountAsync()).Receipts);
        foreach (var r in responses) r.Dispose();
    }

    [Fact]
    public async Task A_stored_receipt_sent_again_while_the_queue_is_full_gets_200_not_429()
    {
        GatedStore? gated = null;
        string? connectionString = null;
        await using var bridge = await TestBridge.StartAsync(null, new Dictionary<string, string> { ["Intake:QueueCapacity"] = "1" },
            services => services.AddSingleton<IBridgeStore>(sp =>
            {
                connectionString = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<Configuration.StoreOptions>>().Value.ConnectionString!;
                return gated = new GatedStore(new SqliteBridgeStore(connectionString, TimeProvider.System));
            }));
        await PosterEndToEndTests.RegisterNodeAAsync(bridge);
        ulong ended = PosterEndToEndTests.NowNs - 5_000_000_000;
        var stored = SignedReceipts.Make("stored", ended, FeeToken);
        // Stored before, past the gate (as an earlier acknowledgement would have).
        await new SqliteBridgeStore(connectionString!, TimeProvider.System).AddReceiptsAsync(
            [new StoredReceipt(0, ReceiptParser.Parse(Encoding.UTF8.GetBytes(stored.Body)), stored.Hash, ended)]);

        var blocked = bridge.Http.PostAsync("/v1/receipts", Conformance.Json(SignedReceipts.Make("held", ended, FeeToken).Body));
        await gated!.WriterBlocked;
        var waiting = bridge.Http.PostAsync("/v1/receipts", Conformance.Json(SignedReceipts.Make("waiting", ended, FeeToken).Body));
        for (int i = 0; i < 500 && bridge.App.Services.GetRequiredService<Intake.IntakeQueue>().Count < 1; i++) await Task.Delay(10);
        using (var full = await bridge.Http.PostAsync("/v1/receipts", Conformance.Json(SignedReceipts.Make("new", ended, FeeToken).Body)))
            Assert.Equal((HttpStatusCode)429, full.StatusCode);
        using (var again = await bridge.Http.PostAsync("/v1/receipts", Conformance.Json(stored.Body)))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            Assert.Equal(Convert.ToHexStringLower(stored.Hash), (string?)(await Conformance.ReadObjectAsync(again))["receipt_hash"]);
        }

        gated.Gate.TrySetResult();
        Assert.Equal(HttpStatusCode.Accepted, (await blocked).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await waiting).StatusCode);
        Assert.Equal(3, (await bridge.Store.CountAsync()).Receipts);
    }

    [Fact]
    public async Task A_provider_refused_as_unknown_is_accepted_once_it_registers()
    {
        await using var bridge = await TestBridge.StartAsync(null);
        ulong ended = PosterEndToEndTests.NowNs - 5_000_000_000;
        var receipt = SignedReceipts.Make("before-registration", ended, FeeToken);
        using (var unknown = await bridge.Http.PostAsync("/v1/receipts", Conformance.Json(receipt.Body)))
            Assert.Equal("unknown_provider", (string?)(await Conformance.ReadObjectAsync(unknown))["code"]);
        await PosterEndToEndTests.RegisterNodeAAsync(bridge);
        using var accepted = await bridge.Http.PostAsync("/v1/receipts", Conformance.Json(receipt.Body));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
    }
}
