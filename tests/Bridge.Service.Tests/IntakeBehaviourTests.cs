using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Bridge.Core.Protocol;
using Bridge.Core.Receipts;
using Bridge.Service.Store;
using Bridge.Service.Store.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Bridge.Service.Tests;

/// <summary>The intake's service rows (429, 503), the batch endpoint and the receipt's status before batching.</summary>
public sealed class IntakeBehaviourTests
{
    private static readonly JsonObject Main = Conformance.Receipts["contexts"]!["main"]!.AsObject();
    private static readonly ulong Now = Conformance.Nanos(Main["now_ns"]);

    private static string ReceiptBody(int index) => (string)Conformance.Receipts["receipts"]![index]!["body_text"]!;

    private static string ReceiptHash(int index) => (string)Conformance.Receipts["receipts"]![index]!["receipt_hash"]!;

    [Fact]
    public async Task Receipts_wait_in_a_bounded_queue_and_the_overflow_gets_429()
    {
        GatedStore? gated = null;
        await using var bridge = await TestBridge.StartAsync(Now, new Dictionary<string, string> { ["Intake:QueueCapacity"] = "1", ["Intake:RetryAfter"] = "00:00:03" },
            services => services.AddSingleton<IBridgeStore>(sp =>
            {
                var options = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<Configuration.StoreOptions>>().Value;
                return gated = new GatedStore(new SqliteBridgeStore(options.ConnectionString!, TimeProvider.System));
            }));
        foreach (var node in Main["nodes"]!.AsArray())
            Assert.Equal(HttpStatusCode.Created, (await bridge.Http.PostAsync("/v1/nodes", Conformance.Json(Conformance.RegistrationBody((string)node!["key"]!)))).StatusCode);

        var first = bridge.Http.PostAsync("/v1/receipts", Conformance.Json(ReceiptBody(0)));
        await gated!.WriterBlocked;                       // the writer holds r1 inside the store
        var second = bridge.Http.PostAsync("/v1/receipts", Conformance.Json(ReceiptBody(1)));
        await WaitUntilAsync(() => bridge.App.Services.GetRequiredService<Intake.IntakeQueue>().Count == 1);
        using var third = await bridge.Http.PostAsync("/v1/receipts", Conformance.Json(ReceiptBody(2)));
        Assert.Equal((HttpStatusCode)429, third.StatusCode);
        Assert.Equal("3", third.Headers.GetValues("Retry-After").Single());
        Assert.Equal("overloaded", (string?)(await Conformance.ReadObjectAsync(third))["code"]);

        gated.Gate.TrySetResult();
        Assert.Equal(HttpStatusCode.Accepted, (await first).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await second).StatusCode);
        Assert.Equal(2, (await bridge.Store.CountAsync()).Receipts);
    }

    [Fact]
    public async Task A_store_that_cannot_be_written_gives_503_and_no_acknowledgement()
    {
        GatedStore? gated = null;
        await using var bridge = await TestBridge.StartAsync(Now, null, services => services.AddSingleton<IBridgeStore>(sp =>
        {
            var options = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<Configuration.StoreOptions>>().Value;
            return gated = new GatedStore(new SqliteBridgeStore(options.ConnectionString!, TimeProvider.System));
        }));
        foreach (var node in Main["nodes"]!.AsArray())
            await bridge.Http.PostAsync("/v1/nodes", Conformance.Json(Conformance.RegistrationBody((string)node!["key"]!)));
        gated!.Fail = true;
        gated.Gate.TrySetResult();
        using var response = await bridge.Http.PostAsync("/v1/receipts", Conformance.Json(ReceiptBody(0)));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("unavailable", (string?)(await Conformance.ReadObjectAsync(response))["code"]);
        Assert.Equal(0, (await bridge.Store.CountAsync()).Receipts);

        gated.Fail = false;
        Assert.Equal(HttpStatusCode.Accepted, (await bridge.Http.PostAsync("/v1/receipts", Conformance.Json(ReceiptBody(0)))).StatusCode);
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
        await IntakeConcurrencyTests.RegisterNodeAAsync(bridge);
        ulong ended = IntakeConcurrencyTests.NowNs - 5_000_000_000;
        var stored = SignedReceipts.Make("stored", ended, IntakeConcurrencyTests.FeeToken);
        // Stored before, past the gate (as an earlier acknowledgement would have).
        await new SqliteBridgeStore(connectionString!, TimeProvider.System).AddReceiptsAsync(
            [new StoredReceipt(0, ReceiptParser.Parse(Encoding.UTF8.GetBytes(stored.Body)), stored.Hash, ended)]);

        var blocked = bridge.Http.PostAsync("/v1/receipts", Conformance.Json(SignedReceipts.Make("held", ended, IntakeConcurrencyTests.FeeToken).Body));
        await gated!.WriterBlocked;
        var waiting = bridge.Http.PostAsync("/v1/receipts", Conformance.Json(SignedReceipts.Make("waiting", ended, IntakeConcurrencyTests.FeeToken).Body));
        for (int i = 0; i < 500 && bridge.App.Services.GetRequiredService<Intake.IntakeQueue>().Count < 1; i++) await Task.Delay(10);
        using (var full = await bridge.Http.PostAsync("/v1/receipts", Conformance.Json(SignedReceipts.Make("new", ended, IntakeConcurrencyTests.FeeToken).Body)))
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
    public async Task The_batch_endpoint_answers_each_item_on_its_own_in_order()
    {
        await using var bridge = await IntakeConformanceTests.StartInContextAsync(Main);
        string r1 = ReceiptBody(0), r2 = ReceiptBody(1);
        string bad = r1.Replace("\"network_id\":\"emc-local\"", "\"network_id\":\"other-net\"", StringComparison.Ordinal);
        string body = $"[{r1},{r2},{bad},{r1},{{\"x\":1}}]";
        using var response = await bridge.Http.PostAsync("/v1/receipts/batch", Conformance.Json(body));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var items = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();
        Assert.Equal(5, items.Count);
        Assert.Equal(202, (int)items[0]!["status"]!);
        Assert.Equal(ReceiptHash(0), (string?)items[0]!["receipt_hash"]);
        Assert.Equal(202, (int)items[1]!["status"]!);
        Assert.Equal(ReceiptHash(1), (string?)items[1]!["receipt_hash"]);
        Assert.Equal(422, (int)items[2]!["status"]!);
        Assert.Equal("wrong_network", (string?)items[2]!["code"]);
        Assert.Equal(200, (int)items[3]!["status"]!);          // r1 twice in one request: stored once
        Assert.Equal(400, (int)items[4]!["status"]!);
        Assert.Equal(2, (await bridge.Store.CountAsync()).Receipts);
    }

    [Fact]
    public async Task A_batch_decided_on_several_workers_answers_every_item_in_order_as_one_by_one_requests_do()
    {
        // Every intake case of the main context that can be an item of a batch (a JSON object; not a 413/415 case):
        // 400, 422 and 202 answers mixed, and more items than cores, so the batch's workers interleave.
        var bodies = Conformance.IntakeCases
            .Where(c => (string)c["context"]! == "main" && c["content_type"] is null && c["pad_with_spaces_to_bytes"] is null
                && (int)c["expected"]!["status"]! is not (413 or 415) && IsBatchItem((string)c["body_text"]!))
            .Select(c => (string)c["body_text"]!).ToList();
        Assert.True(bodies.Count > 50, $"{bodies.Count} cases");
        Assert.True(bodies.Count > 4 * Environment.ProcessorCount);

        var oneByOne = new List<(int Status, string? Code, string? Hash)>();
        await using (var single = await IntakeConformanceTests.StartInContextAsync(Main))
        {
            foreach (var body in bodies)
            {
                using var response = await single.Http.PostAsync("/v1/receipts", Conformance.Json(body));
                var answer = await Conformance.ReadObjectAsync(response);
                oneByOne.Add(((int)response.StatusCode, (string?)answer["code"], (string?)answer["receipt_hash"]));
            }
        }
        await using var batched = await IntakeConformanceTests.StartInContextAsync(Main);
        using var batch = await batched.Http.PostAsync("/v1/receipts/batch", Conformance.Json("[" + string.Join(",", bodies) + "]"));
        Assert.Equal(HttpStatusCode.OK, batch.StatusCode);
        var items = JsonNode.Parse(await batch.Content.ReadAsStringAsync())!.AsArray()
            .Select(i => ((int)i!["status"]!, (string?)i["code"], (string?)i["receipt_hash"])).ToList();
        Assert.Equal(oneByOne, items);
        Assert.Contains(items, i => i.Item1 == 202);
        Assert.Contains(items, i => i.Item1 == 422);
        Assert.Contains(items, i => i.Item1 == 400);
    }

    private static bool IsBatchItem(string body)
    {
        try { return ReceiptBatchBody.Split(Encoding.UTF8.GetBytes($"[{body}]")).Count == 1; }
        catch (MalformedBodyException) { return false; }
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("[1,")]
    public async Task The_batch_endpoint_refuses_a_body_that_is_not_an_array_of_1_to_1000(string body)
    {
        await using var bridge = await TestBridge.StartAsync(Now);
        using var response = await bridge.Http.PostAsync("/v1/receipts/batch", Conformance.Json(body));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("malformed", (string?)(await Conformance.ReadObjectAsync(response))["code"]);
    }

    [Fact]
    public async Task The_batch_endpoint_stops_reading_past_4_MiB_and_counts_1001_items_as_too_many()
    {
        await using var bridge = await TestBridge.StartAsync(Now);
        var big = new byte[4 * 1024 * 1024 + 1];
        big.AsSpan().Fill((byte)' ');
        big[0] = (byte)'[';
        using var tooLarge = await bridge.Http.PostAsync("/v1/receipts/batch", Conformance.Json(big));
        Assert.Equal((HttpStatusCode)413, tooLarge.StatusCode);

        string many = "[" + string.Join(",", Enumerable.Repeat("{}", 1001)) + "]";
        using var tooMany = await bridge.Http.PostAsync("/v1/receipts/batch", Conformance.Json(Encoding.UTF8.GetBytes(many)));
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
    }

    [Fact]
    public async Task An_accepted_receipt_shows_accepted_until_it_is_batched()
    {
        await using var bridge = await IntakeConformanceTests.StartInContextAsync(Main);
        Assert.Equal(HttpStatusCode.Accepted, (await bridge.Http.PostAsync("/v1/receipts", Conformance.Json(ReceiptBody(0)))).StatusCode);
        var provider = (string)Conformance.Receipts["receipts"]![0]!["body"]!["provider"]!;
        var status = await Conformance.ReadObjectAsync(await bridge.Http.GetAsync($"/v1/receipts/{provider}/r-000017"));
        Assert.Equal(ReceiptHash(0), (string?)status["receipt_hash"]);
        Assert.Equal("accepted", (string?)status["status"]);
        Assert.Null(status["batch"]);
        Assert.Null(status["proof"]);
        Assert.True(status.ContainsKey("leaf"));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (int i = 0; i < 500 && !condition(); i++) await Task.Delay(10);
        Assert.True(condition());
    }
}
