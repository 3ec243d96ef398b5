using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using static Bridge.Service.Tests.FaultyTransport;

namespace Bridge.Service.Tests;

/// <summary>
/// The operator's release of a held payout line (<c>POST /v1/admin/epochs/{e}/lines/{i}/release</c>): back to pending,
/// paid by the payout worker's rules exactly once (checked on the ledger's own ICRC-3 blocks), with the same bytes
/// inside the deduplication window and only after a reconciliation past it. Linked into Bridge.Service.Postgres.Tests.
/// </summary>
public sealed class PayoutReleaseTests
{
    private const string AdminKeyText = "an-admin-key-of-forty-characters-000002";

    private static readonly Dictionary<string, string> AdminOn = new()
    {
        ["Admin:Enabled"] = "true",
        ["Admin:KeyHash"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(AdminKeyText))),
    };

    private static async Task<(HttpStatusCode Status, System.Text.Json.Nodes.JsonObject Body)> ReleaseAsync(TestBridge bridge, long epoch, long index,
        string? key = AdminKeyText)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/admin/epochs/{epoch}/lines/{index}/release");
        if (key is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await bridge.Http.SendAsync(request);
        string text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? [] : System.Text.Json.Nodes.JsonNode.Parse(text)!.AsObject());
    }

    [Fact]
    public async Task A_released_line_is_sent_again_with_the_same_bytes_and_paid_once_and_its_epoch_is_paid_again()
    {
        await using var fx = await PayoutFixture.StartAsync();
        var rewards = fx.Rewards(1, 1_000_000, 2_000_000, 3_000_000);
        byte[] held = rewards.Lines[1].LineHash;
        var sent = new List<byte[]>();
        await using var bridge = await fx.StartBridgeAsync(AdminOn, PayoutFixture.Inject((arg, seen) =>
        {
            if (!Carries(arg, held)) return Fault.Pass;
            lock (sent) sent.Add(arg);
            return seen == 0 ? Fault.GenericError : Fault.Pass;
        }));
        var lines = await PayoutFixture.AddEpochAsync(bridge.Store, 1, rewards);
        await PayoutFixture.WaitForEpochAsync(bridge.Store, 1, "paid");
        var heldLine = (await bridge.Store.GetLinesAsync(1))[1];
        Assert.Equal(("held", "GenericError 7: frozen for review"), (heldLine.Status, heldLine.Reason));

        // Without the key, or with another one, nothing changes.
        Assert.Equal(HttpStatusCode.Unauthorized, (await ReleaseAsync(bridge, 1, 1, key: null)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await ReleaseAsync(bridge, 1, 1, key: AdminKeyText + "x")).Status);
        Assert.Equal("held", (await bridge.Store.GetLinesAsync(1))[1].Status);

        var (status, body) = await ReleaseAsync(bridge, 1, 1);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(("pending", "GenericError 7: frozen for review"), ((string?)body["line"]!["status"], (string?)body["held_for"]));

        var paid = await PayoutFixture.WaitForLineAsync(bridge.Store, 1, 1, l => l.Status == "paid");
        await PayoutFixture.WaitForEpochAsync(bridge.Store, 1, "paid");
        await fx.AssertPaidOnceAsync(lines);
        Assert.Equal(heldLine.CreatedAtTimeNs, paid.CreatedAtTimeNs);   // never stamped again
        lock (sent)
        {
            Assert.Equal(2, sent.Count);
            Assert.Equal(sent[0], sent[1]);                             // the same bytes as the refused send
        }

        // A line that is not held (now paid) is not released again; a line that does not exist is not found.
        var (again, problem) = await ReleaseAsync(bridge, 1, 1);
        Assert.Equal(HttpStatusCode.Conflict, again);
        Assert.Equal("conflict", (string?)problem["code"]);
        Assert.Contains("paid, not held", (string?)problem["detail"]);
        Assert.Equal(HttpStatusCode.NotFound, (await ReleaseAsync(bridge, 1, 7)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await ReleaseAsync(bridge, 9, 0)).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await ReleaseAsync(bridge, 1, 0)).Status);
    }

    [Fact]
    public async Task A_line_released_past_its_window_is_reconciled_first_and_a_transfer_that_went_through_is_not_sent_again()
    {
        await using var fx = await PayoutFixture.StartAsync();
        var rewards = fx.Rewards(1, 1_000_000, 2_000_000);
        byte[] held = rewards.Lines[0].LineHash;
        int sends = 0;
        var extra = new Dictionary<string, string>(AdminOn)
        {
            ["Payouts:DedupWindow"] = "00:00:03",
            ["Payouts:WindowMargin"] = "00:00:01",
        };
        await using var bridge = await fx.StartBridgeAsync(extra, PayoutFixture.Inject((arg, _) =>
        {
            if (!Carries(arg, held)) return Fault.Pass;
            // The ledger executed it, yet answered GenericError: only its block log can tell.
            return Interlocked.Increment(ref sends) == 1 ? Fault.GenericErrorAfterExecuting : Fault.Pass;
        }));
        var lines = await PayoutFixture.AddEpochAsync(bridge.Store, 1, rewards);
        await PayoutFixture.WaitForEpochAsync(bridge.Store, 1, "paid");
        var heldLine = (await bridge.Store.GetLinesAsync(1))[0];
        Assert.Equal("held", heldLine.Status);

        // Past created_at_time + window + margin: those bytes can no longer execute, and new ones would not be deduplicated.
        ulong pastWindow = heldLine.CreatedAtTimeNs + 4_500_000_000UL;
        while ((ulong)(DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks * 100 < pastWindow) await Task.Delay(200);
        Assert.Equal(HttpStatusCode.OK, (await ReleaseAsync(bridge, 1, 0)).Status);

        var paid = await PayoutFixture.WaitForLineAsync(bridge.Store, 1, 0, l => l.Status == "paid");
        await PayoutFixture.WaitForEpochAsync(bridge.Store, 1, "paid");
        var blocks = await fx.AssertPaidOnceAsync(lines);
        Assert.Equal(blocks[0], paid.BlockIndex);                        // the block of the first transfer, found by reconciliation
        Assert.Equal(1, Volatile.Read(ref sends));                       // nothing sent after the release
    }

    [Fact]
    public async Task Without_Admin_Enabled_the_release_route_does_not_exist()
    {
        await using var fx = await PayoutFixture.StartAsync();
        await using var bridge = await fx.StartBridgeAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await ReleaseAsync(bridge, 1, 0)).Status);
    }
}
