using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Bridge.Service.Tests;

/// <summary>The service routes of section 8, problem details everywhere, OpenAPI, and configuration checked at start.</summary>
public sealed class ServiceEndpointTests
{
    private const ulong Now = 1_795_961_000_000_000_000;

    [Fact]
    public async Task Info_shows_every_member_of_section_8_and_the_payout_account_as_strings()
    {
        await using var bridge = await TestBridge.StartAsync(Now, new Dictionary<string, string>
        {
            ["Bridge:BatchInterval"] = "00:00:05",
            ["Bridge:EpochLength"] = "02:00:00",
        });
        var info = await Conformance.ReadObjectAsync(await bridge.Http.GetAsync("/v1/info"));
        string[] members = ["network_id", "rollup_canister", "reward_ledger", "fee_account", "replica_url", "batch_interval_s", "challenge_window_s",
            "epoch_length_s", "genesis_ns", "first_period_epochs", "emission_per_epoch", "payout_account"];
        Assert.Equal(members.Order(), info.Select(m => m.Key).Order());
        Assert.All(info, m => Assert.Equal(System.Text.Json.JsonValueKind.String, m.Value!.GetValueKind()));
        Assert.Equal("emc-local", (string?)info["network_id"]);
        Assert.Equal("5", (string?)info["batch_interval_s"]);
        Assert.Equal("7200", (string?)info["epoch_length_s"]);
        Assert.Equal("86400", (string?)info["challenge_window_s"]);
        Assert.Equal("1767225600000000000", (string?)info["genesis_ns"]);
        Assert.Equal("90", (string?)info["first_period_epochs"]);
        Assert.Equal("5000000000000", (string?)info["emission_per_epoch"]);
        Assert.Equal("http://127.0.0.1:9/", (string?)info["replica_url"]);
        // The account the payout key's transfers come from: its principal's default subaccount.
        var payoutKey = Icp.Agent.Identities.IdentityPem.LoadFile(Path.Combine(bridge.Directory, "payout.pem"));
        Assert.Equal(Icp.Ledger.Account.Of(payoutKey.Sender).ToString(), (string?)info["payout_account"]);
    }

    [Fact]
    public async Task Health_answers_and_ready_names_what_is_unreachable()
    {
        await using var bridge = await TestBridge.StartAsync(Now);
        Assert.Equal(HttpStatusCode.OK, (await bridge.Http.GetAsync("/health")).StatusCode);
        using var ready = await bridge.Http.GetAsync("/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var problem = await Conformance.ReadObjectAsync(ready);
        Assert.Equal("unavailable", (string?)problem["code"]);
        Assert.Contains("canister", (string?)problem["detail"]);
        Assert.Contains("ledger", (string?)problem["detail"]);
        Assert.DoesNotContain("store", (string?)problem["detail"]);
    }

    [Fact]
    public async Task OpenApi_describes_every_endpoint()
    {
        await using var bridge = await TestBridge.StartAsync(Now);
        var doc = JsonNode.Parse(await bridge.Http.GetStringAsync("/openapi/v1.json"))!;
        var paths = doc["paths"]!.AsObject();
        string[] expected = ["/v1/info", "/health", "/ready", "/metrics", "/v1/nodes", "/v1/nodes/{provider}", "/v1/receipts", "/v1/receipts/batch",
            "/v1/receipts/{provider}/{receipt_id}", "/v1/batches", "/v1/batches/{n}", "/v1/batches/{n}/leaves", "/v1/epochs", "/v1/epochs/{e}",
            "/v1/accounts/{account}/rewards"];
        foreach (var path in expected) Assert.True(paths.ContainsKey(path), $"OpenAPI lacks {path}");
        Assert.NotNull(paths["/v1/receipts"]!["post"]!["requestBody"]);
    }

    [Fact]
    public async Task Unknown_routes_and_bad_route_values_are_problem_details_with_a_code()
    {
        await using var bridge = await TestBridge.StartAsync(Now);
        using var missing = await bridge.Http.GetAsync("/v1/nothing-here");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        Assert.Equal("not_found", (string?)(await Conformance.ReadObjectAsync(missing))["code"]);

        using var badSequence = await bridge.Http.GetAsync("/v1/batches/abc");
        Assert.Equal(HttpStatusCode.BadRequest, badSequence.StatusCode);
        var problem = await Conformance.ReadObjectAsync(badSequence);
        Assert.Equal("malformed", (string?)problem["code"]);
        Assert.StartsWith("n:", (string?)problem["detail"]);

        using var noBatch = await bridge.Http.GetAsync("/v1/batches/7");
        Assert.Equal(HttpStatusCode.NotFound, noBatch.StatusCode);
        using var badPrincipal = await bridge.Http.GetAsync("/v1/nodes/not-a-principal");
        Assert.Equal("malformed", (string?)(await Conformance.ReadObjectAsync(badPrincipal))["code"]);
        using var badLimit = await bridge.Http.GetAsync("/v1/batches?limit=5000");
        Assert.Equal(HttpStatusCode.BadRequest, badLimit.StatusCode);
    }

    [Fact]
    public async Task Epochs_before_settlement_are_open_with_their_batch_range_and_no_lines()
    {
        await using var bridge = await TestBridge.StartAsync(Now, new Dictionary<string, string> { ["Bridge:EpochLength"] = "30.00:00:00" });
        var first = await Conformance.ReadObjectAsync(await bridge.Http.GetAsync("/v1/epochs/1"));
        Assert.Equal("open", (string?)first["state"]);
        Assert.Equal("1767225600000000000", (string?)first["start_ns"]);
        Assert.Equal("1769817600000000000", (string?)first["end_ns"]);
        Assert.Empty(first["lines"]!.AsArray());
        Assert.Null(first["first_batch"]);
        var all = JsonNode.Parse(await bridge.Http.GetStringAsync("/v1/epochs"))!.AsArray();
        Assert.Equal(12, all.Count);    // 2026-01-01 to 2026-11-29: day 332, in the 12th 30-day epoch
        Assert.Equal(HttpStatusCode.NotFound, (await bridge.Http.GetAsync("/v1/epochs/13")).StatusCode);
        var rewards = await Conformance.ReadObjectAsync(await bridge.Http.GetAsync("/v1/accounts/2vxsx-fae/rewards"));
        Assert.Empty(rewards["lines"]!.AsArray());
        Assert.Equal(HttpStatusCode.BadRequest, (await bridge.Http.GetAsync("/v1/accounts/nope/rewards")).StatusCode);
    }

    [Fact]
    public async Task The_faucet_does_not_exist_without_dev()
    {
        await using var bridge = await TestBridge.StartAsync(Now);
        using var response = await bridge.Http.PostAsync("/v1/dev/faucet", Conformance.Json("""{"account":"2vxsx-fae","amount":"1"}"""));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Metrics_count_answers_in_prometheus_text()
    {
        await using var bridge = await TestBridge.StartAsync(Now);
        await bridge.Http.PostAsync("/v1/receipts", Conformance.Json("{}"));
        using var metrics = await bridge.Http.GetAsync("/metrics");
        Assert.Equal("text/plain", metrics.Content.Headers.ContentType?.MediaType);
        Assert.Contains("bridge_receipts_total{result=\"refused\",code=\"malformed\"} 1", await metrics.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("Bridge:NetworkId", "", "Bridge:NetworkId")]
    [InlineData("Bridge:BatchInterval", "-00:00:01", "Bridge:BatchInterval")]
    [InlineData("Rewards:FeeAccount", "not-an-account", "Rewards:FeeAccount")]
    [InlineData("Ic:RollupCanister", "xyz", "Ic:RollupCanister")]
    [InlineData("Keys:Poster", "/nonexistent/poster.pem", "Keys:Poster")]
    [InlineData("Store:Provider", "mysql", "Store:Provider")]
    [InlineData("Store:SqliteCacheMiB", "0", "Store:SqliteCacheMiB")]
    [InlineData("Intake:QueueCapacity", "0", "Intake:QueueCapacity")]
    public async Task A_bad_setting_stops_the_start_with_a_message_naming_it(string key, string value, string named)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var bridge = await TestBridge.StartAsync(Now, new Dictionary<string, string> { [key] = value });
        });
        Assert.Contains(named, error.Message);
    }
}
