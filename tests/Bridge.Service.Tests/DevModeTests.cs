using System.Net;
using Bridge.Service.Dev;
using Icp.Candid;
using Icp.Ledger;
using Icp.Replica;
using Microsoft.Extensions.DependencyInjection;

namespace Bridge.Service.Tests;

/// <summary><c>--dev</c> through the real entry point: replica, canisters, dev defaults, the faucet, and a restart on the same directory.</summary>
public sealed class DevModeTests
{
    [Fact]
    public async Task Dev_mode_serves_the_local_network_mints_with_the_faucet_and_restarts_with_its_state()
    {
        string directory = Path.Combine(Path.GetTempPath(), "bridge-dev-" + Guid.NewGuid().ToString("N"));
        var first = await TestBridge.StartDevAsync(directory);
        string rollup, ledger, genesis;
        try
        {
            var dev = first.App.Services.GetRequiredService<DevEnvironment>();
            var info = await Conformance.ReadObjectAsync(await first.Http.GetAsync("/v1/info"));
            Assert.Equal(dev.Replica.Url!.ToString(), (string?)info["replica_url"]);
            Assert.Equal(("10", "10", "60"), ((string?)info["batch_interval_s"], (string?)info["challenge_window_s"], (string?)info["epoch_length_s"]));
            Assert.Equal(Account.Of(dev.Payout).ToString(), (string?)info["fee_account"]);
            (rollup, ledger, genesis) = ((string)info["rollup_canister"]!, (string)info["reward_ledger"]!, (string)info["genesis_ns"]!);

            var requester = Account.Parse("hoy4a-qp56d-352vk-6ys3k-ylgvd-f6z6u-sx7s2-uikxs-u5fb6-lxblb-2qe");
            using var minted = await first.Http.PostAsync("/v1/dev/faucet", Conformance.Json($$"""{"account":"{{requester}}","amount":"12345"}"""));
            Assert.Equal(HttpStatusCode.OK, minted.StatusCode);
            Assert.NotNull((string?)(await Conformance.ReadObjectAsync(minted))["block"]);
            var balance = await new IcrcLedger(dev.Replica.AsTransport(), dev.LedgerId).BalanceOfAsync(requester);
            Assert.Equal(new Nat(12345UL), balance.Units);
            using var bad = await first.Http.PostAsync("/v1/dev/faucet", Conformance.Json("""{"account":"x","amount":"1"}"""));
            Assert.Equal("malformed", (string?)(await Conformance.ReadObjectAsync(bad))["code"]);

            Assert.Equal(HttpStatusCode.Created, (await first.Http.PostAsync("/v1/nodes", Conformance.Json(Conformance.RegistrationBody("node-a")))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await first.Http.GetAsync("/ready")).StatusCode);
        }
        finally
        {
            await first.StopAsync();
        }

        await using var second = await TestBridge.StartDevAsync(directory);
        var again = await Conformance.ReadObjectAsync(await second.Http.GetAsync("/v1/info"));
        Assert.Equal((rollup, ledger, genesis), ((string)again["rollup_canister"]!, (string)again["reward_ledger"]!, (string)again["genesis_ns"]!));
        Assert.Equal(HttpStatusCode.OK, (await second.Http.GetAsync($"/v1/nodes/{SignedReceipts.NodeA.Sender}")).StatusCode);
        var restored = second.App.Services.GetRequiredService<DevEnvironment>();
        Assert.True(restored.Replica.CanisterExists(Principal.Parse(rollup)));
        var requesterBalance = await new IcrcLedger(restored.Replica.AsTransport(), restored.LedgerId)
            .BalanceOfAsync(Account.Parse("hoy4a-qp56d-352vk-6ys3k-ylgvd-f6z6u-sx7s2-uikxs-u5fb6-lxblb-2qe"));
        Assert.Equal(new Nat(12345UL), requesterBalance.Units);
    }
}
