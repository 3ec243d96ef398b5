using Icp.Candid;
using Icp.Ledger.Management;
using Icp.Replica;

namespace Icp.Canisters.Tests;

/// <summary>Icp.Ledger's management canister client against the replica's management canister.</summary>
public class ManagementClientTests
{
    [Fact]
    public async Task The_management_client_creates_installs_upgrades_and_reads_status_on_the_replica()
    {
        await using var ic = await LocalReplica.StartAsync();
        var management = new ManagementCanister(ic.AsTransport(Actors.Controller));
        var id = await management.ProvisionalCreateCanisterAsync(cycles: 1_000_000_000_000UL);
        var wasm = CanisterBuild.Instance.Wasm("rollup");
        var init = Rollup.RollupClient.EncodeInitArgs(new Rollup.InitArgs { Poster = Actors.Poster, Owner = Actors.Owner, ChallengeWindowNs = 5 });
        await management.InstallCodeAsync(id, wasm, init);
        var status = await management.CanisterStatusAsync(id);
        Assert.IsType<CanisterStatusResultStatus.Running>(status.Status);
        Assert.Equal(System.Security.Cryptography.SHA256.HashData(wasm), status.ModuleHash);
        Assert.Contains(Actors.Controller, status.Settings.Controllers);
        await Assert.ThrowsAsync<CallRejectedException>(() => management.UpgradeCodeAsync(id, wasm, init)); // EOP needs keep
        await management.UpgradeCodeAsync(id, wasm, init, keepMainMemory: true);
        Assert.Equal(Actors.Poster, (await new Rollup.RollupClient(ic.AsTransport(), id).GetConfigAsync()).Poster);
        await management.StopCanisterAsync(id);
        Assert.IsType<CanisterStatusResultStatus.Stopped>((await management.CanisterStatusAsync(id)).Status);
        await Assert.ThrowsAsync<CallRejectedException>(() => new ManagementCanister(ic.AsTransport(Actors.Alice)).CanisterStatusAsync(id));
    }
}
