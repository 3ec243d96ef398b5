using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Bridge.Service.Leadership;
using Bridge.Service.Roles;
using Bridge.Service.Store;
using Bridge.Service.Store.Postgres;
using Microsoft.Extensions.DependencyInjection;

namespace Bridge.Service.Tests;

/// <summary>
/// Role halts on a shared PostgreSQL store: a halt raised by the active instance holds for every instance, and an
/// operator resumes it through whichever instance the request reaches (the halt's writes are not fenced).
/// </summary>
public sealed class SharedHaltTests
{
    private const string AdminKeyText = "a-shared-admin-key-of-enough-length-0001";

    [Fact]
    public async Task A_store_without_the_lease_cannot_write_settings_but_can_halt_and_resume()
    {
        string database = PostgresTestDatabase.NewSchema();
        await using var holder = new PostgresBridgeStore(database, TimeProvider.System);
        await using var other = new PostgresBridgeStore(database, TimeProvider.System);
        await holder.MigrateAsync();
        Assert.NotNull(await holder.TryAcquireLeaseAsync("holder", TimeSpan.FromMinutes(5)));

        await Assert.ThrowsAsync<LeaseLostException>(() => other.SetSettingAsync("halt.posting", "fenced"));
        await other.SetSharedSettingAsync("halt.posting", "seen by a follower", "role_halted", "posting", "seen by a follower");
        Assert.Equal("seen by a follower", await holder.GetSettingAsync("halt.posting"));
        await other.SetSharedSettingAsync("halt.posting", null, "role_resumed", "posting", "resumed");
        Assert.Null(await holder.GetSettingAsync("halt.posting"));
        Assert.Equal(2, (await holder.CountAsync()).Events);
    }

    [Fact]
    public async Task A_halt_holds_for_every_instance_and_the_instance_without_the_role_resumes_it()
    {
        string directory = Path.Combine(Path.GetTempPath(), "bridge-halt-pair-" + Guid.NewGuid().ToString("N"));
        var settings = new Dictionary<string, string>
        {
            ["Admin:Enabled"] = "true",
            ["Admin:KeyHash"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(AdminKeyText))),
        };
        await using var a = await TestBridge.StartAsync(null, settings, directory: directory);
        await using var b = await TestBridge.StartAsync(null, settings, directory: directory);
        ILeadership la = a.App.Services.GetRequiredService<ILeadership>(), lb = b.App.Services.GetRequiredService<ILeadership>();
        for (int i = 0; i < 200 && !(la.IsLeader || lb.IsLeader); i++) await Task.Delay(50);
        var (leader, follower) = la.IsLeader ? (a, b) : (b, a);
        Assert.True(leader.App.Services.GetRequiredService<ILeadership>().IsLeader);

        await leader.App.Services.GetRequiredService<RoleHalts>().HaltAsync(BridgeRole.Paying, "the ledger answered InsufficientFunds");
        Assert.True(await follower.App.Services.GetRequiredService<RoleHalts>().IsHaltedAsync(BridgeRole.Paying));
        Assert.Equal(1, MetricsText.Of(await follower.Http.GetStringAsync("/metrics"), "bridge_halted{role=\"paying\"}"));
        Assert.Equal(0, MetricsText.Of(await follower.Http.GetStringAsync("/metrics"), "bridge_role_active{role=\"paying\"}"));
        Assert.Equal(1, MetricsText.Of(await leader.Http.GetStringAsync("/metrics"), "bridge_role_active{role=\"paying\"}"));
        var report = await Conformance.ReadObjectAsync(await follower.Http.GetAsync("/ready?full"));
        Assert.False((bool)report["leadership"]!["active"]!);
        Assert.NotNull((string?)report["leadership"]!["instance"]);

        Assert.Equal(HttpStatusCode.Created, (await follower.Http.PostAsync("/v1/nodes", Conformance.Json(Conformance.RegistrationBody("node-a")))).StatusCode);
        var (body, _) = SignedReceipts.Make("during-halt", (ulong)(DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks * 100 - 5_000_000_000,
            Icp.Candid.Principal.Parse("ryjl3-tyaaa-aaaaa-aaaba-cai"));
        Assert.Equal(HttpStatusCode.Accepted, (await follower.Http.PostAsync("/v1/receipts", Conformance.Json(body))).StatusCode);

        using var resume = new HttpRequestMessage(HttpMethod.Post, "/v1/admin/roles/paying/resume");
        resume.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminKeyText);
        using var resumed = await follower.Http.SendAsync(resume);
        Assert.Equal(HttpStatusCode.OK, resumed.StatusCode);
        Assert.False(await leader.App.Services.GetRequiredService<RoleHalts>().IsHaltedAsync(BridgeRole.Paying));
    }
}
