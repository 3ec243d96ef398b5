using System.Net;
using System.Text.Json.Nodes;
using Icp.Candid;

namespace Bridge.Service.Tests;

/// <summary>
/// The intake under concurrent requests: a batch's items are checked in parallel and a new receipt is queued without
/// reading the receipts table first, so the writer's insert is what decides between 202, 200 and 409. Linked into
/// Bridge.Service.Postgres.Tests, so both stores run them.
/// </summary>
public sealed class IntakeConcurrencyTests
{
    internal static readonly Principal FeeToken = Principal.Parse("ryjl3-tyaaa-aaaaa-aaaba-cai");

    /// <summary>Now on the system clock, in nanoseconds (the bridges of these tests run on it).</summary>
    internal static ulong NowNs => (ulong)(DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks * 100;

    internal static async Task RegisterNodeAAsync(TestBridge bridge) =>
        Assert.Equal(HttpStatusCode.Created, (await bridge.Http.PostAsync("/v1/nodes", Conformance.Json(Conformance.RegistrationBody("node-a")))).StatusCode);

    [Fact]
    public async Task Concurrent_overlapping_batches_acknowledge_every_receipt_once_with_202_and_store_exactly_those()
    {
        await using var bridge = await TestBridge.StartAsync(null);
        await RegisterNodeAAsync(bridge);
        ulong ended = NowNs - 5_000_000_000;
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
        await RegisterNodeAAsync(bridge);
        ulong ended = NowNs - 5_000_000_000;
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
    public async Task A_provider_refused_as_unknown_is_accepted_once_it_registers()
    {
        await using var bridge = await TestBridge.StartAsync(null);
        ulong ended = NowNs - 5_000_000_000;
        var receipt = SignedReceipts.Make("before-registration", ended, FeeToken);
        using (var unknown = await bridge.Http.PostAsync("/v1/receipts", Conformance.Json(receipt.Body)))
            Assert.Equal("unknown_provider", (string?)(await Conformance.ReadObjectAsync(unknown))["code"]);
        await RegisterNodeAAsync(bridge);
        using var accepted = await bridge.Http.PostAsync("/v1/receipts", Conformance.Json(receipt.Body));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
    }
}
