namespace Icp.Replica.Tests;

/// <summary>The replica has one subnet id: what canisters see through <c>ic0.subnet_self</c> is what its certificates show.</summary>
public sealed class SubnetIdTests
{
    [Fact]
    public async Task A_canister_calling_subnet_self_sees_the_subnet_id_its_certificates_show()
    {
        await using var ic = await HttpReplica.StartAsync();
        var canister = await ic.InstallAsync("Subnet");
        var agent = HttpReplica.Agent(ic);

        var certified = (await agent.SubnetNodeKeysAsync(canister)).SubnetId;
        var inQuery = CandidSerializer.Deserialize<Principal>(await agent.QueryAsync(canister, "self", TestReplica.NoArgs));
        var inUpdate = CandidSerializer.Deserialize<Principal>(await agent.CallAsync(canister, "selfInUpdate", TestReplica.NoArgs));

        Assert.Equal(certified, inQuery);
        Assert.Equal(certified, inUpdate);
        Assert.Equal(ic.SubnetId, certified);
    }

    [Fact]
    public async Task Subnet_self_survives_a_restart_from_the_state_directory()
    {
        var directory = Directory.CreateTempSubdirectory("icp-subnet-").FullName;
        try
        {
            Principal canister, before;
            await using (var ic = await HttpReplica.StartAsync(directory))
            {
                canister = await ic.InstallAsync("Subnet");
                before = CandidSerializer.Deserialize<Principal>(await ic.QueryCallAsync(canister, "self", TestReplica.NoArgs));
                Assert.Equal(ic.SubnetId, before);
            }
            await using (var ic = await HttpReplica.StartAsync(directory))
            {
                Assert.Equal(before, CandidSerializer.Deserialize<Principal>(await ic.QueryCallAsync(canister, "self", TestReplica.NoArgs)));
                Assert.Equal(ic.SubnetId, before);
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
