using System.Net;
using System.Text;
using Bridge.Client.Http;
using Bridge.Client.Json;
using Bridge.Client.Models;
using Bridge.Core.Receipts;
using Icp.Candid;
using Microsoft.Extensions.DependencyInjection;

namespace Bridge.Client.Tests;

/// <summary>The HTTP client against canned answers of the bridge: statuses, retries, problems and reads.</summary>
public sealed class BridgeClientTests
{
    private const string Hash = "11d9bd9f84ed804c5db0070a0c6648a26e543cd0dbf521b77f46ac55308acf87";

    private static Receipt R1 => ReceiptParser.Parse(Encoding.UTF8.GetBytes((string)Vectors.Receipt("r1-ed25519-countersigned-subaccount")["body_text"]!));

    private static BridgeClient Client(CannedBridge handler, int maxRetries = 3) =>
        new(new HttpClient(handler), new BridgeClientOptions { BaseAddress = new Uri("http://bridge.test/prefix"), MaxRetries = maxRetries, RetryBaseDelay = TimeSpan.Zero });

    [Fact]
    public async Task A_receipt_is_posted_as_json_and_202_is_a_new_acknowledgement()
    {
        var handler = new CannedBridge().Answer(HttpStatusCode.Accepted, $$"""{"receipt_hash":"{{Hash}}","status":"accepted"}""");
        var ack = await Client(handler).SubmitReceiptAsync(R1);
        Assert.True(ack.IsNew);
        Assert.Equal(Hash, Convert.ToHexStringLower(ack.ReceiptHash));
        var (method, path, contentType, body) = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Post, method);
        Assert.Equal("/prefix/v1/receipts", path);
        Assert.Equal("application/json; charset=utf-8", contentType);
        Assert.Equal(Encoding.UTF8.GetString(BridgeJson.Receipt(R1)), body);
    }

    [Fact]
    public async Task The_same_receipt_again_is_200_and_not_new()
    {
        var handler = new CannedBridge().Answer(HttpStatusCode.OK, $$"""{"receipt_hash":"{{Hash}}","status":"accepted"}""");
        Assert.False((await Client(handler).SubmitReceiptAsync(R1)).IsNew);
    }

    [Fact]
    public async Task Overload_is_retried_after_retry_after_until_accepted()
    {
        var handler = new CannedBridge()
            .Problem(429, "overloaded", "the intake is full", TimeSpan.Zero)
            .Problem(503, "unavailable", "the store cannot be written", TimeSpan.Zero)
            .Answer(HttpStatusCode.Accepted, $$"""{"receipt_hash":"{{Hash}}","status":"accepted"}""");
        var ack = await Client(handler).SubmitReceiptAsync(R1);
        Assert.True(ack.IsNew);
        Assert.Equal(3, handler.Requests.Count);
        Assert.All(handler.Requests, r => Assert.Equal(handler.Requests[0].Body, r.Body));
    }

    [Fact]
    public async Task Overload_past_the_retry_limit_is_thrown_with_its_code_and_retry_after()
    {
        var handler = new CannedBridge()
            .Problem(429, "overloaded", "the intake is full", TimeSpan.Zero)
            .Problem(429, "overloaded", "the intake is full", TimeSpan.Zero);
        var e = await Assert.ThrowsAsync<BridgeProblemException>(() => Client(handler, maxRetries: 1).SubmitReceiptAsync(R1));
        Assert.Equal(429, e.Status);
        Assert.Equal("overloaded", e.Code);
        Assert.Equal(TimeSpan.Zero, e.RetryAfter);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Theory]
    [InlineData(422, "bad_provider_signature", "provider_signature: does not verify")]
    [InlineData(409, "receipt_conflict", "receipt_id: stored with another receipt_hash")]
    [InlineData(400, "malformed", "gpu_seconds: not a natural number")]
    public async Task A_refusal_is_a_typed_problem_with_code_and_detail_and_is_not_retried(int status, string code, string detail)
    {
        var handler = new CannedBridge().Problem(status, code, detail);
        var e = await Assert.ThrowsAsync<BridgeProblemException>(() => Client(handler).SubmitReceiptAsync(R1));
        Assert.Equal(new BridgeProblem(status, code, detail), e.Problem);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task A_batch_gives_one_result_per_item_and_resends_only_the_overloaded_ones()
    {
        var receipts = new[] { R1, R1 with { ReceiptId = "r-2" }, R1 with { ReceiptId = "r-3" } };
        var handler = new CannedBridge()
            .Answer(HttpStatusCode.OK, $$"""[{"status":202,"receipt_hash":"{{Hash}}"},{"status":429,"code":"overloaded","detail":"full"},{"status":422,"code":"self_dealing","detail":"requester: is the provider's owner"}]""")
            .Answer(HttpStatusCode.OK, $$"""[{"status":202,"receipt_hash":"{{Hash}}"}]""");
        var results = await Client(handler).SubmitReceiptsAsync(receipts);
        Assert.Equal([202, 202, 422], results.Select(r => r.Status));
        Assert.True(results[0].IsAccepted);
        Assert.True(results[1].IsAccepted);
        Assert.Equal("self_dealing", results[2].Problem!.Code);
        Assert.Equal(2, handler.Requests.Count);
        Assert.Contains("\"r-2\"", handler.Requests[1].Body);
        Assert.DoesNotContain("\"r-3\"", handler.Requests[1].Body);
    }

    [Fact]
    public async Task A_receipt_status_with_its_proof_is_read_and_an_unknown_receipt_is_null()
    {
        var handler = new CannedBridge()
            .Answer(HttpStatusCode.OK, $$"""{"receipt_hash":"{{Hash}}","status":"final","batch":"12","leaf_index":"3","tree_size":"40","leaf":"4449444c","proof":["{{Hash}}"]}""")
            .Problem(404, "not_found", "receipt_id: unknown");
        var client = Client(handler);
        var provider = Principal.Parse("wti6d-663lt-6hg5h-2hjne-xwcyh-4slzl-ygplg-rqsow-npakb-4vtec-7qe");
        var status = (await client.GetReceiptAsync(provider, "r/1 ü"))!;
        Assert.Equal(ReceiptState.Final, status.State);
        Assert.Equal((12UL, 3UL, 40UL), (status.Batch!.Value, status.LeafIndex!.Value, status.TreeSize!.Value));
        Assert.True(status.HasProof);
        Assert.Equal("/prefix/v1/receipts/" + provider + "/r%2F1%20%C3%BC", handler.Requests[0].Path);
        Assert.Null(await client.GetReceiptAsync(provider, "r-unknown"));
    }

    [Fact]
    public async Task An_answer_that_is_not_the_protocols_says_where_it_is_wrong()
    {
        var handler = new CannedBridge()
            .Answer(HttpStatusCode.OK, """{"receipt_hash":"zz","status":"accepted"}""")
            .Answer(HttpStatusCode.OK, "<html>")
            .Answer(HttpStatusCode.OK, """{"receipt_hash":"00","status":"lost"}""");
        var client = Client(handler);
        var provider = Principal.Anonymous;
        Assert.Contains("receipt.receipt_hash", (await Assert.ThrowsAsync<BridgeResponseException>(() => client.GetReceiptAsync(provider, "a"))).Message);
        await Assert.ThrowsAsync<BridgeResponseException>(() => client.GetReceiptAsync(provider, "b"));
        Assert.Contains("receipt.status", (await Assert.ThrowsAsync<BridgeResponseException>(() => client.GetReceiptAsync(provider, "c"))).Message);
    }

    [Fact]
    public async Task Info_batches_and_rewards_are_read_into_typed_models()
    {
        var handler = new CannedBridge()
            .Answer(HttpStatusCode.OK, """{"network_id":"emc-local","rollup_canister":"lxzze-o7777-77777-aaaaa-cai","reward_ledger":"ryjl3-tyaaa-aaaaa-aaaba-cai","fee_account":"2vxsx-fae","replica_url":"http://127.0.0.1:4943/","batch_interval_s":"10","challenge_window_s":"10","epoch_length_s":"60","genesis_ns":"1795960000000000000","first_period_epochs":"90","emission_per_epoch":"5000000000000"}""")
            .Answer(HttpStatusCode.OK, $$"""[{"sequence":"1","previous_root":"{{new string('0', 64)}}","root":"{{Hash}}","receipt_count":"5","total_fees":"340282366920938463463374607431768211455","total_gpu_seconds":"100","window_start_ns":"1","window_end_ns":"2","status":"pending","posted_ns":"3","final_after_ns":"4","reject_reason":null}]""")
            .Answer(HttpStatusCode.OK, $$"""[{"epoch":"3","owner":"2vxsx-fae","subaccount":null,"amount":"150000","line_hash":"{{Hash}}","status":"paid","block_index":"77","reason":null}]""");
        var client = Client(handler);
        var info = await client.GetInfoAsync();
        Assert.Equal(("emc-local", TimeSpan.FromSeconds(60), 90UL), (info.NetworkId, info.EpochLength, info.FirstPeriodEpochs));
        Assert.Equal(new Uri("http://127.0.0.1:4943/"), info.ReplicaUrl);
        Assert.Null(info.PayoutAccount);   // a bridge older than payout_account
        var batch = Assert.Single(await client.GetBatchesAsync(from: 1, limit: 10));
        Assert.Equal(BridgeBatchStatus.Pending, batch.Status);
        Assert.Equal(System.Numerics.BigInteger.Parse("340282366920938463463374607431768211455"), batch.TotalFees);
        Assert.Equal("/prefix/v1/batches?from=1&limit=10", handler.Requests[1].Path);
        var line = Assert.Single(await client.GetAccountRewardsAsync(Icp.Ledger.Account.Of(Principal.Anonymous)));
        Assert.Equal((3UL, "paid", 77UL), (line.Epoch!.Value, line.Status, line.BlockIndex!.Value));
    }

    [Fact]
    public async Task Info_reads_the_payout_account_and_refuses_one_that_is_no_account()
    {
        const string Info = """{"network_id":"emc-local","rollup_canister":"lxzze-o7777-77777-aaaaa-cai","reward_ledger":"ryjl3-tyaaa-aaaaa-aaaba-cai","fee_account":"2vxsx-fae","replica_url":"http://127.0.0.1:4943/","batch_interval_s":"10","challenge_window_s":"10","epoch_length_s":"60","genesis_ns":"1795960000000000000","first_period_epochs":"90","emission_per_epoch":"5000000000000",""";
        var handler = new CannedBridge()
            .Answer(HttpStatusCode.OK, Info + "\"payout_account\":\"ryjl3-tyaaa-aaaaa-aaaba-cai\"}")
            .Answer(HttpStatusCode.OK, Info + "\"payout_account\":\"not an account\"}");
        var client = Client(handler);
        Assert.Equal(Icp.Ledger.Account.Of(Principal.Parse("ryjl3-tyaaa-aaaaa-aaaba-cai")), (await client.GetInfoAsync()).PayoutAccount);
        Assert.Contains("info.payout_account", (await Assert.ThrowsAsync<BridgeResponseException>(() => client.GetInfoAsync())).Message);
    }

    [Fact]
    public async Task A_registered_client_comes_from_the_http_client_factory()
    {
        var handler = new CannedBridge().Answer(HttpStatusCode.Created, """{"provider":"2vxsx-fae","owner":"2vxsx-fae"}""");
        var services = new ServiceCollection();
        services.AddBridgeClient(o => o.BaseAddress = new Uri("http://bridge.test")).ConfigurePrimaryHttpMessageHandler(() => handler);
        using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<BridgeClient>();
        var registration = Signing.NodeRegistrations.Sign(Keys.BridgeKey.GenerateEd25519(), "emc-local", Principal.Anonymous);
        var result = await client.RegisterNodeAsync(registration);
        Assert.True(result.IsNew);
        Assert.Equal("/v1/nodes", handler.Requests.Single().Path);
    }
}
