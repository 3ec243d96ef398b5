using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Bridge.Service.Roles;
using Icp.Agent.Identities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bridge.Service.Tests;

/// <summary>
/// Running the bridge in production: role halts held in the store, the admin routes that resume them, <c>/ready</c>
/// with every check, the metrics, and the key checks at start. Linked into Bridge.Service.Postgres.Tests, so all of it
/// also runs on a PostgreSQL store.
/// </summary>
public sealed class OperationsTests
{
    private const string AdminKeyText = "an-admin-key-of-forty-characters-000001";

    private static readonly JsonObject Main = Conformance.Receipts["contexts"]!["main"]!.AsObject();
    private static readonly ulong Now = Conformance.Nanos(Main["now_ns"]);

    private static string ReceiptBody(int index) => (string)Conformance.Receipts["receipts"]![index]!["body_text"]!;

    private static string AdminKeyHash => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(AdminKeyText)));

    private static async Task RegisterNodesAsync(TestBridge bridge)
    {
        foreach (var node in Main["nodes"]!.AsArray())
            Assert.Equal(HttpStatusCode.Created, (await bridge.Http.PostAsync("/v1/nodes", Conformance.Json(Conformance.RegistrationBody((string)node!["key"]!)))).StatusCode);
    }

    private static async Task<(HttpStatusCode Status, JsonObject Report)> ReadyFullAsync(TestBridge bridge)
    {
        using var response = await bridge.Http.GetAsync("/ready?full");
        return (response.StatusCode, await Conformance.ReadObjectAsync(response));
    }

    private static JsonObject Check(JsonObject report, string name) =>
        report["checks"]!.AsArray().Select(c => c!.AsObject()).Single(c => (string?)c["name"] == name);

    private static HttpRequestMessage Admin(HttpMethod method, string path, string? key)
    {
        var request = new HttpRequestMessage(method, path);
        if (key is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return request;
    }

    [Fact]
    public async Task A_halted_role_stops_that_role_only_holds_across_a_restart_and_intake_keeps_taking_receipts()
    {
        var bridge = await TestBridge.StartAsync(Now);
        string directory = bridge.Directory;
        try
        {
            var halts = bridge.App.Services.GetRequiredService<RoleHalts>();
            long events = (await bridge.Store.CountAsync()).Events;
            await halts.HaltAsync(BridgeRole.Paying, "the ledger answered InsufficientFunds for epoch 2, line 3");
            Assert.Equal(events + 1, (await bridge.Store.CountAsync()).Events);

            await RegisterNodesAsync(bridge);
            Assert.Equal(HttpStatusCode.Accepted, (await bridge.Http.PostAsync("/v1/receipts", Conformance.Json(ReceiptBody(0)))).StatusCode);

            var (status, report) = await ReadyFullAsync(bridge);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            Assert.Equal("not_ready", (string?)report["status"]);
            Assert.Equal("failed", (string?)Check(report, "paying")["status"]);
            Assert.Equal("halted: the ledger answered InsufficientFunds for epoch 2, line 3", (string?)Check(report, "paying")["detail"]);
            Assert.Equal("ok", (string?)Check(report, "posting")["status"]);
            Assert.Equal("ok", (string?)Check(report, "settling")["status"]);
            Assert.Equal("ok", (string?)Check(report, "store")["status"]);
            using var plain = await bridge.Http.GetAsync("/ready");
            Assert.Contains("paying: halted: the ledger answered InsufficientFunds", (string?)(await Conformance.ReadObjectAsync(plain))["detail"]);

            string metrics = await bridge.Http.GetStringAsync("/metrics");
            Assert.Equal(1, MetricsText.Of(metrics, "bridge_halted{role=\"paying\"}"));
            Assert.Equal(0, MetricsText.Of(metrics, "bridge_halted{role=\"posting\"}"));
            Assert.Equal(1, MetricsText.Of(metrics, "bridge_halts_total{role=\"paying\"}"));
            Assert.Equal(1, MetricsText.Of(metrics, "bridge_receipts_total{result=\"accepted\",code=\"none\"}"));
            Assert.False(await halts.IsHaltedAsync(BridgeRole.Posting));
            Assert.False(await halts.IsHaltedAsync(BridgeRole.Settling));
        }
        finally
        {
            await bridge.StopAsync();
        }

        await using var again = await TestBridge.StartAsync(Now, directory: directory);
        var after = again.App.Services.GetRequiredService<RoleHalts>();
        Assert.Equal("the ledger answered InsufficientFunds for epoch 2, line 3", await after.ReasonAsync(BridgeRole.Paying));
        Assert.Equal(1, MetricsText.Of(await again.Http.GetStringAsync("/metrics"), "bridge_halted{role=\"paying\"}"));
        Assert.Equal(HttpStatusCode.OK, (await again.Http.PostAsync("/v1/receipts", Conformance.Json(ReceiptBody(0)))).StatusCode);
    }

    [Fact]
    public async Task A_halt_stored_in_a_workers_older_setting_counts_and_a_resume_clears_it()
    {
        await using var bridge = await TestBridge.StartAsync(Now);
        await bridge.Store.SetSharedSettingAsync("settler.halted", "the canister's epoch 3 is not ours", "settling_halted", "settler", "older bridge");
        var halts = bridge.App.Services.GetRequiredService<RoleHalts>();
        Assert.Equal("the canister's epoch 3 is not ours", await halts.ReasonAsync(BridgeRole.Settling));
        var (_, report) = await ReadyFullAsync(bridge);
        Assert.Equal("halted: the canister's epoch 3 is not ours", (string?)Check(report, "settling")["detail"]);

        Assert.Equal("the canister's epoch 3 is not ours", await halts.ResumeAsync(BridgeRole.Settling, "a test"));
        Assert.Null(await bridge.Store.GetSettingAsync("settler.halted"));
        Assert.False(await halts.IsHaltedAsync(BridgeRole.Settling));
    }

    [Fact]
    public async Task The_admin_routes_do_not_exist_unless_enabled()
    {
        await using var bridge = await TestBridge.StartAsync(Now);
        using var list = await bridge.Http.SendAsync(Admin(HttpMethod.Get, "/v1/admin/roles", AdminKeyText));
        Assert.Equal(HttpStatusCode.NotFound, list.StatusCode);
        using var resume = await bridge.Http.SendAsync(Admin(HttpMethod.Post, "/v1/admin/roles/posting/resume", AdminKeyText));
        Assert.Equal(HttpStatusCode.NotFound, resume.StatusCode);
    }

    [Fact]
    public async Task An_operator_with_the_admin_key_lists_the_roles_and_resumes_a_halted_one()
    {
        await using var bridge = await TestBridge.StartAsync(Now, new Dictionary<string, string>
        {
            ["Admin:Enabled"] = "true",
            ["Admin:KeyHash"] = AdminKeyHash,
        });
        var halts = bridge.App.Services.GetRequiredService<RoleHalts>();
        await halts.HaltAsync(BridgeRole.Settling, "epoch 4 names batch 9, which the bridge does not know");
        long events = (await bridge.Store.CountAsync()).Events;

        using var missing = await bridge.Http.SendAsync(Admin(HttpMethod.Get, "/v1/admin/roles", null));
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal("Bearer", missing.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal("unauthorized", (string?)(await Conformance.ReadObjectAsync(missing))["code"]);
        using var wrong = await bridge.Http.SendAsync(Admin(HttpMethod.Post, "/v1/admin/roles/settling/resume", AdminKeyText + "x"));
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        Assert.Equal("forbidden", (string?)(await Conformance.ReadObjectAsync(wrong))["code"]);
        Assert.True(await halts.IsHaltedAsync(BridgeRole.Settling));

        using var list = await bridge.Http.SendAsync(Admin(HttpMethod.Get, "/v1/admin/roles", AdminKeyText));
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        var roles = (await Conformance.ReadObjectAsync(list))["roles"]!.AsArray().Select(r => r!.AsObject()).ToList();
        Assert.Equal(["posting", "settling", "paying"], roles.Select(r => (string?)r["role"]));
        Assert.Equal([false, true, false], roles.Select(r => (bool)r["halted"]!));
        Assert.Equal("epoch 4 names batch 9, which the bridge does not know", (string?)roles[1]["reason"]);

        using var resume = await bridge.Http.SendAsync(Admin(HttpMethod.Post, "/v1/admin/roles/settling/resume", AdminKeyText));
        Assert.Equal(HttpStatusCode.OK, resume.StatusCode);
        var resumed = await Conformance.ReadObjectAsync(resume);
        Assert.True((bool)resumed["resumed"]!);
        Assert.Equal("epoch 4 names batch 9, which the bridge does not know", (string?)resumed["cleared_reason"]);
        Assert.False((bool)resumed["state"]!["halted"]!);
        Assert.False(await halts.IsHaltedAsync(BridgeRole.Settling));
        Assert.Equal(events + 1, (await bridge.Store.CountAsync()).Events);
        Assert.Equal(0, MetricsText.Of(await bridge.Http.GetStringAsync("/metrics"), "bridge_halted{role=\"settling\"}"));

        using var again = await bridge.Http.SendAsync(Admin(HttpMethod.Post, "/v1/admin/roles/settling/resume", AdminKeyText));
        Assert.False((bool)(await Conformance.ReadObjectAsync(again))["resumed"]!);
        Assert.Equal(events + 1, (await bridge.Store.CountAsync()).Events);
        using var unknown = await bridge.Http.SendAsync(Admin(HttpMethod.Post, "/v1/admin/roles/minting/resume", AdminKeyText));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("minting", (string?)(await Conformance.ReadObjectAsync(unknown))["detail"]);

        var paths = JsonNode.Parse(await bridge.Http.GetStringAsync("/openapi/v1.json"))!["paths"]!.AsObject();
        Assert.True(paths.ContainsKey("/v1/admin/roles"));
        Assert.True(paths.ContainsKey("/v1/admin/roles/{role}/resume"));
        Assert.NotNull(paths["/v1/admin/roles/{role}/resume"]!["post"]!["responses"]!["403"]);
    }

    [Fact]
    public async Task An_admin_key_file_works_and_bad_admin_settings_stop_the_start()
    {
        string directory = Path.Combine(Path.GetTempPath(), "bridge-admin-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        string keyFile = Path.Combine(directory, "admin.key");
        TestBridge.WriteKey(keyFile, AdminKeyText + "\n");
        await using (var bridge = await TestBridge.StartAsync(Now, new Dictionary<string, string> { ["Admin:Enabled"] = "true", ["Admin:KeyFile"] = keyFile }))
        {
            using var ok = await bridge.Http.SendAsync(Admin(HttpMethod.Get, "/v1/admin/roles", AdminKeyText));
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        await AssertStartFailsAsync(new() { ["Admin:Enabled"] = "true" }, "Admin:KeyHash");
        var errors = new StringWriter();
        var args = TestBridge.DefaultSettings(directory).Append(new("Admin:Enabled", "true")).Select(kv => $"--{kv.Key}={kv.Value}")
            .Append("--urls=http://127.0.0.1:0").ToArray();
        Assert.Equal(2, await BridgeApp.RunAsync(args, errors));
        Assert.Contains("Admin:KeyHash", errors.ToString());
        await AssertStartFailsAsync(new() { ["Admin:Enabled"] = "true", ["Admin:KeyHash"] = "abc" }, "Admin:KeyHash must be 64 hex digits");
        string shortKey = Path.Combine(directory, "short.key");
        TestBridge.WriteKey(shortKey, "short");
        await AssertStartFailsAsync(new() { ["Admin:Enabled"] = "true", ["Admin:KeyFile"] = shortKey }, "shorter than 32");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
            var error = await AssertStartFailsAsync(new() { ["Admin:Enabled"] = "true", ["Admin:KeyFile"] = keyFile }, keyFile);
            Assert.Contains("0604", error);
            Assert.DoesNotContain(AdminKeyText, error);
        }
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task Ready_fails_once_receipts_wait_longer_than_two_batch_intervals()
    {
        await using var bridge = await TestBridge.StartAsync(Now, new Dictionary<string, string> { ["Bridge:BatchInterval"] = "00:01:00" });
        await RegisterNodesAsync(bridge);
        Assert.Equal(HttpStatusCode.Accepted, (await bridge.Http.PostAsync("/v1/receipts", Conformance.Json(ReceiptBody(0)))).StatusCode);

        var (_, fresh) = await ReadyFullAsync(bridge);
        Assert.Equal("ok", (string?)Check(fresh, "batches")["status"]);
        // SQLite: always the active instance; PostgreSQL: once the lease is taken. Posting is off (Bridge:PostBatches false).
        bool active = fresh["leadership"]!["active"]!.GetValue<bool>();
        Assert.Equal(active ? ["settling", "paying"] : [], fresh["leadership"]!["roles"]!.AsArray().Select(r => (string?)r).ToArray());

        bridge.SetNow(Now + 121_000_000_000);
        var (status, late) = await ReadyFullAsync(bridge);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("failed", (string?)Check(late, "batches")["status"]);
        Assert.Equal("receipts acknowledged more than 120 s ago are not posted; no batch was posted yet", (string?)Check(late, "batches")["detail"]);
    }

    [Fact]
    public async Task The_same_key_for_poster_and_payout_stops_the_start_naming_both_files()
    {
        string directory = Path.Combine(Path.GetTempPath(), "bridge-keys-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        string pem = Ed25519Identity.Generate().ToPem();
        string poster = Path.Combine(directory, "poster-copy.pem"), payout = Path.Combine(directory, "payout-copy.pem");
        TestBridge.WriteKey(poster, pem);
        TestBridge.WriteKey(payout, pem);
        var settings = new Dictionary<string, string> { ["Keys:Poster"] = poster, ["Keys:Payout"] = payout };
        string error = await AssertStartFailsAsync(settings, "hold the same key");
        Assert.Contains(poster, error);
        Assert.Contains(payout, error);

        // The program's entry point prints the failures and exits non-zero without serving.
        var errors = new StringWriter();
        var args = TestBridge.DefaultSettings(directory).Concat(settings).GroupBy(kv => kv.Key).Select(g => $"--{g.Key}={g.Last().Value}")
            .Append("--urls=http://127.0.0.1:0").ToArray();
        Assert.Equal(2, await BridgeApp.RunAsync(args, errors));
        Assert.Contains("refusing to start", errors.ToString());
        Assert.Contains(payout, errors.ToString());
        Assert.DoesNotContain(pem.Split('\n')[1], errors.ToString());
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task A_key_file_open_to_group_or_others_stops_the_start()
    {
        if (OperatingSystem.IsWindows()) return;
        string directory = Path.Combine(Path.GetTempPath(), "bridge-keys-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        string payout = Path.Combine(directory, "payout-open.pem");
        TestBridge.WriteKey(payout, Ed25519Identity.Generate().ToPem());
        File.SetUnixFileMode(payout, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        string error = await AssertStartFailsAsync(new() { ["Keys:Payout"] = payout }, "Keys:Payout");
        Assert.Contains(payout, error);
        Assert.Contains("0640", error);

        File.SetUnixFileMode(payout, UnixFileMode.UserRead);
        await using var bridge = await TestBridge.StartAsync(Now, new Dictionary<string, string> { ["Keys:Payout"] = payout });
        Assert.Equal(HttpStatusCode.OK, (await bridge.Http.GetAsync("/health")).StatusCode);
    }

    private static async Task<string> AssertStartFailsAsync(Dictionary<string, string> settings, string named)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var bridge = await TestBridge.StartAsync(Now, settings);
        });
        Assert.Contains(named, error.Message);
        return error.Message;
    }
}
