using System.Net;
using System.Net.Http.Headers;
using Bridge.Core.Leaves;
using Bridge.Service.Dev;
using Bridge.Service.Ic;
using Bridge.Service.Ic.Rollup;
using Bridge.Service.Posting;
using Bridge.Service.Roles;
using Icp.Replica;
using Icp.Candid;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bridge.Service.Tests;

/// <summary>
/// Operations against the in-process replica with the real canisters (as <c>--dev</c> runs them): the poster halts on
/// a canister batch it does not know and stays halted until an operator resumes it, the metrics after real posting,
/// the identity files <c>--dev</c> writes, and logs free of key material over a whole run.
/// </summary>
public sealed class OperationsEndToEndTests
{
    private const string AdminKeyText = "an-admin-key-that-must-never-be-logged-4242";

    private static async Task<TestBridge> StartAsync(DevEnvironment dev, string directory, bool post, CapturedLogs? logs = null)
    {
        string keyFile = Path.Combine(directory, "admin.key");
        if (!File.Exists(keyFile)) TestBridge.WriteKey(keyFile, AdminKeyText);
        var settings = PosterEndToEndTests.Settings(dev, post);
        settings["Admin:Enabled"] = "true";
        settings["Admin:KeyFile"] = keyFile;
        return await TestBridge.StartAsync(null, settings, services =>
        {
            if (logs is null) return;
            services.AddSingleton<ILoggerProvider>(logs);
            services.Configure<LoggerFilterOptions>(o => { o.Rules.Clear(); o.MinLevel = LogLevel.Trace; });
        }, directory);
    }

    private static HttpRequestMessage Admin(HttpMethod method, string path, string key) =>
        new(method, path) { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", key) } };

    [Fact]
    public async Task A_canister_batch_the_bridge_does_not_know_halts_posting_until_an_operator_resumes_and_intake_goes_on()
    {
        string directory = PosterEndToEndTests.NewDirectory();
        await using var dev = await PosterEndToEndTests.StartDevAsync(directory);
        await using var bridge = await StartAsync(dev, directory, post: false);
        await PosterEndToEndTests.RegisterNodeAAsync(bridge);
        await PosterEndToEndTests.SubmitAsync(bridge, dev, 2, "halt");

        // Another writer with the poster's key puts its own batch 1 on the canister.
        var ic = bridge.App.Services.GetRequiredService<BridgeIc>();
        var foreign = await new RollupClient(ic.PosterAgent, ic.RollupId).SubmitBatchAsync(new BatchHeader
        {
            Sequence = 1, PreviousRoot = new byte[32], Root = Enumerable.Repeat((byte)0xAB, 32).ToArray(), ReceiptCount = 1,
            TotalFees = new Nat(1UL), TotalGpuSeconds = new Nat(1UL), WindowStartNs = dev.GenesisNs, WindowEndNs = PosterEndToEndTests.NowNs,
        });
        Assert.IsType<SubmitResult.Ok>(foreign);

        var poster = bridge.App.Services.GetRequiredService<BatchPoster>();
        var halts = bridge.App.Services.GetRequiredService<RoleHalts>();
        // The bridge's own batch 1 is cut one batch interval (1 s) after genesis; with compiled canisters cached the test
        // can get here sooner; waiting makes the halt come from comparing the cut batch with the canister's.
        while (PosterEndToEndTests.NowNs < dev.GenesisNs + 1_100_000_000) await Task.Delay(100);
        await poster.RunOnceAsync(CancellationToken.None);
        string reason = (await halts.ReasonAsync(BridgeRole.Posting))!;
        Assert.StartsWith("the canister's batch 1 is not ours (root abab", reason);
        Assert.Equal("cut", (string?)(await Conformance.ReadObjectAsync(await bridge.Http.GetAsync("/v1/batches/1")))["status"]);

        using var ready = await bridge.Http.GetAsync("/ready?full");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var checks = (await Conformance.ReadObjectAsync(ready))["checks"]!.AsArray().ToDictionary(c => (string)c!["name"]!, c => c!.AsObject());
        Assert.Equal("halted: " + reason, (string?)checks["posting"]["detail"]);
        Assert.Equal("ok", (string?)checks["canister"]["status"]);
        Assert.Equal("ok", (string?)checks["ledger"]["status"]);
        Assert.Equal("ok", (string?)checks["paying"]["status"]);
        string metrics = await bridge.Http.GetStringAsync("/metrics");
        Assert.Equal(1, MetricsText.Of(metrics, "bridge_halted{role=\"posting\"}"));
        Assert.Equal(1, MetricsText.Of(metrics, "bridge_halts_total{role=\"posting\"}"));
        Assert.Equal(0, MetricsText.Of(metrics, "bridge_batches_posted_total"));

        // Halted, the poster posts nothing; receipts are still taken.
        await PosterEndToEndTests.SubmitAsync(bridge, dev, 1, "halted");
        await poster.RunOnceAsync(CancellationToken.None);
        var onChain = (await new RollupClient(dev.Replica.AsTransport(), dev.RollupId).LastBatchAsync())!;
        Assert.Equal(1UL, onChain.Header.Sequence);
        Assert.Equal(0xAB, onChain.Header.Root[0]);

        // The operator resumes; the canister still holds the foreign batch, so the next round halts again rather than guess.
        using var resume = await bridge.Http.SendAsync(Admin(HttpMethod.Post, "/v1/admin/roles/posting/resume", AdminKeyText));
        Assert.Equal(HttpStatusCode.OK, resume.StatusCode);
        Assert.False(await halts.IsHaltedAsync(BridgeRole.Posting));
        await poster.RunOnceAsync(CancellationToken.None);
        Assert.StartsWith("the canister's batch 1 is not ours", await halts.ReasonAsync(BridgeRole.Posting));
        Assert.Equal(2, MetricsText.Of(await bridge.Http.GetStringAsync("/metrics"), "bridge_halts_total{role=\"posting\"}"));
    }

    [Fact]
    public async Task A_foreign_batch_halts_posting_in_the_next_round_even_when_the_bridge_has_nothing_to_post()
    {
        string directory = PosterEndToEndTests.NewDirectory();
        await using var dev = await PosterEndToEndTests.StartDevAsync(directory);
        await using var bridge = await StartAsync(dev, directory, post: false);
        var poster = bridge.App.Services.GetRequiredService<BatchPoster>();
        var halts = bridge.App.Services.GetRequiredService<RoleHalts>();

        // No receipts, nothing cut: a round with an empty canister is quiet.
        await poster.RunOnceAsync(CancellationToken.None);
        Assert.False(await halts.IsHaltedAsync(BridgeRole.Posting));
        Assert.Null(await bridge.Store.GetLastBatchAsync());

        var ic = bridge.App.Services.GetRequiredService<BridgeIc>();
        var foreign = await new RollupClient(ic.PosterAgent, ic.RollupId).SubmitBatchAsync(new BatchHeader
        {
            Sequence = 1, PreviousRoot = new byte[32], Root = Enumerable.Repeat((byte)0xCD, 32).ToArray(), ReceiptCount = 1,
            TotalFees = new Nat(1UL), TotalGpuSeconds = new Nat(1UL), WindowStartNs = dev.GenesisNs, WindowEndNs = PosterEndToEndTests.NowNs,
        });
        Assert.IsType<SubmitResult.Ok>(foreign);

        await poster.RunOnceAsync(CancellationToken.None);
        Assert.StartsWith("the canister's batch 1 is not ours (root cdcd", await halts.ReasonAsync(BridgeRole.Posting));
        Assert.Null(await bridge.Store.GetLastBatchAsync());
    }

    [Fact]
    public async Task A_foreign_batch_after_the_bridges_own_halts_posting_before_the_next_cut()
    {
        string directory = PosterEndToEndTests.NewDirectory();
        await using var dev = await PosterEndToEndTests.StartDevAsync(directory);
        await using var bridge = await StartAsync(dev, directory, post: false);
        await PosterEndToEndTests.RegisterNodeAAsync(bridge);
        await PosterEndToEndTests.SubmitAsync(bridge, dev, 2, "own");
        var poster = bridge.App.Services.GetRequiredService<BatchPoster>();
        var halts = bridge.App.Services.GetRequiredService<RoleHalts>();
        while (PosterEndToEndTests.NowNs < dev.GenesisNs + 1_100_000_000) await Task.Delay(100);
        await poster.RunOnceAsync(CancellationToken.None);
        var ours = (await bridge.Store.GetBatchAsync(1))!;
        Assert.Contains(ours.State, new[] { Store.BatchState.Posted, Store.BatchState.Final });

        // Another writer appends batch 2 on top of ours; the bridge has no receipts, so it will not cut a batch 2 soon.
        var ic = bridge.App.Services.GetRequiredService<BridgeIc>();
        var foreign = await new RollupClient(ic.PosterAgent, ic.RollupId).SubmitBatchAsync(new BatchHeader
        {
            Sequence = 2, PreviousRoot = ours.Root, Root = Enumerable.Repeat((byte)0xEF, 32).ToArray(), ReceiptCount = 1,
            TotalFees = new Nat(1UL), TotalGpuSeconds = new Nat(1UL), WindowStartNs = ours.WindowEndNs, WindowEndNs = PosterEndToEndTests.NowNs,
        });
        Assert.IsType<SubmitResult.Ok>(foreign);

        await poster.RunOnceAsync(CancellationToken.None);
        Assert.StartsWith("the canister's batch 2 is not ours (root efef", await halts.ReasonAsync(BridgeRole.Posting));
    }

    [Fact]
    public async Task Metrics_after_real_posting_show_the_batches_the_roles_and_the_build()
    {
        string directory = PosterEndToEndTests.NewDirectory();
        await using var dev = await PosterEndToEndTests.StartDevAsync(directory);
        await using var bridge = await StartAsync(dev, directory, post: true);
        await PosterEndToEndTests.RegisterNodeAAsync(bridge);
        await PosterEndToEndTests.SubmitAsync(bridge, dev, 3, "metrics");
        await PosterEndToEndTests.WaitForBatchAsync(bridge, 1, "final");
        await bridge.Http.PostAsync("/v1/receipts", Conformance.Json("{}"));

        string metrics = await bridge.Http.GetStringAsync("/metrics");
        var last = (await bridge.Store.GetLastBatchAsync())!;
        Assert.True(MetricsText.Of(metrics, "bridge_batch_last_sequence") >= 1);
        Assert.True(MetricsText.Of(metrics, "bridge_batch_age_seconds") >= 0);
        Assert.True(MetricsText.Of(metrics, "bridge_batches_posted_total") >= 1);
        Assert.Equal(MetricsText.Of(metrics, "bridge_batches_posted_total"), MetricsText.Of(metrics, "bridge_post_duration_seconds_count"));
        Assert.True(MetricsText.Of(metrics, "bridge_post_duration_seconds_sum") > 0);
        Assert.True(last.Sequence >= MetricsText.Of(metrics, "bridge_batch_last_sequence"));
        Assert.Equal(3, MetricsText.Of(metrics, "bridge_receipts_total{result=\"accepted\",code=\"none\"}"));
        Assert.Equal(1, MetricsText.Of(metrics, "bridge_receipts_total{result=\"refused\",code=\"malformed\"}"));
        Assert.Equal(1, MetricsText.Of(metrics, "bridge_registrations_total{status=\"201\"}"));
        Assert.Equal(1, MetricsText.Of(metrics, "bridge_role_active{role=\"posting\"}"));
        Assert.Equal(0, MetricsText.Of(metrics, "bridge_halted{role=\"posting\"}"));
        var buildInfo = metrics.Split('\n').Single(l => l.StartsWith("bridge_build_info{", StringComparison.Ordinal));
        Assert.Matches("^bridge_build_info\\{version=\"[0-9][^\"]*\",commit=\"[^\"]+\"\\} 1$", buildInfo);
        Assert.Contains("# TYPE bridge_post_duration_seconds histogram", metrics);

        // The payout worker's gauges, fed through BridgeMetrics.
        var feed = bridge.App.Services.GetRequiredService<Http.BridgeMetrics>();
        // Line counts come from the store at each scrape: four paid lines and two pending ones of an epoch already paid.
        await bridge.Store.AddEpochAsync(new Store.StoredEpoch(900, 1, 0, "paid", new byte[32], 6),
            [.. Enumerable.Range(0, 6).Select(i => new Store.StoredLine(900, i, [4], null, 1, new byte[32], 1, 1, i < 4 ? "paid" : "pending", i < 4 ? i : null, null))], []);
        feed.PayoutError("BadFee");
        feed.SetPayoutBalance(Dev.DevEnvironment.InitialPayoutBalance.Value);
        metrics = await bridge.Http.GetStringAsync("/metrics");
        Assert.Equal(4, MetricsText.Of(metrics, "bridge_payout_lines{status=\"paid\"}"));
        Assert.Equal(1, MetricsText.Of(metrics, "bridge_payout_errors_total{error=\"BadFee\"}"));
        Assert.Equal(1e14, MetricsText.Of(metrics, "bridge_payout_account_balance"));
    }

    [Fact]
    public async Task A_whole_run_logs_no_key_material_and_dev_writes_its_identities_owner_only()
    {
        string directory = PosterEndToEndTests.NewDirectory();
        var logs = new CapturedLogs();
        await using var dev = await PosterEndToEndTests.StartDevAsync(directory);
        if (!OperatingSystem.IsWindows())
        {
            foreach (var name in new[] { "poster.pem", "payout.pem", "minter.pem" })
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(directory, name)));
        }
        var secrets = new[] { "poster.pem", "payout.pem", "minter.pem" }.SelectMany(f => SecretsOf(File.ReadAllText(Path.Combine(directory, f)))).ToList();
        secrets.Add(AdminKeyText);

        var bridge = await StartAsync(dev, directory, post: true, logs);
        try
        {
            await PosterEndToEndTests.RegisterNodeAAsync(bridge);
            await PosterEndToEndTests.SubmitAsync(bridge, dev, 2, "logs");
            await PosterEndToEndTests.WaitForBatchAsync(bridge, 1, "final");
            using var wrong = await bridge.Http.SendAsync(Admin(HttpMethod.Get, "/v1/admin/roles", AdminKeyText + "-wrong"));
            Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
            using var right = await bridge.Http.SendAsync(Admin(HttpMethod.Post, "/v1/admin/roles/posting/resume", AdminKeyText));
            Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        }
        finally
        {
            await bridge.StopAsync();
        }

        var entries = logs.Entries;
        Assert.Contains(entries, e => e.Contains("batch 1 posted", StringComparison.Ordinal));     // the capture saw the run
        Assert.Contains(entries, e => e.StartsWith("Trace ", StringComparison.Ordinal) || e.StartsWith("Debug ", StringComparison.Ordinal));
        foreach (var secret in secrets)
            Assert.DoesNotContain(entries, e => e.Contains(secret, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>What must never be logged of a PEM file: its body (whole and by line), and its 32-byte seed as hex and base64.</summary>
    private static IEnumerable<string> SecretsOf(string pem)
    {
        var lines = pem.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => !l.StartsWith("-----", StringComparison.Ordinal)).ToList();
        string body = string.Concat(lines);
        yield return body;
        foreach (var line in lines) yield return line;
        var der = Convert.FromBase64String(body);
        // PKCS#8 Ed25519: the private key is OCTET STRING { OCTET STRING (32) } = 04 22 04 20 seed.
        int at = der.AsSpan().IndexOf(new byte[] { 0x04, 0x22, 0x04, 0x20 });
        Assert.True(at >= 0, "no Ed25519 seed in the PEM");
        var seed = der.AsSpan(at + 4, 32).ToArray();
        yield return Convert.ToHexString(seed);
        yield return Convert.ToBase64String(seed);
    }
}
