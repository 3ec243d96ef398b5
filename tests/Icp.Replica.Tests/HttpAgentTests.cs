using Icp.Agent;
using Icp.Agent.Certification;
using Icp.Agent.Identities;

namespace Icp.Replica.Tests;

/// <summary>Our IcpAgent against the replica over HTTP: certified calls (v4, v3, v2), verified queries, read_state.</summary>
public sealed class HttpAgentTests
{
    [Fact]
    public async Task Certified_update_calls_and_verified_queries_with_v4()
    {
        await using var ic = await HttpReplica.StartAsync();
        var counter = await ic.InstallAsync("Counter");
        var agent = HttpReplica.Agent(ic);
        Assert.Equal(1UL, await agent.CallAsync(counter, "inc", TestReplica.NoArgs).NatAsync());
        Assert.Equal(2UL, await agent.CallAsync(counter, "inc", TestReplica.NoArgs).NatAsync());
        Assert.Equal(4, agent.CallVersion);
        Assert.Equal(2UL, await agent.QueryAsync(counter, "get", TestReplica.NoArgs).NatAsync());
        Assert.Equal(3, agent.QueryVersion);
        Assert.Equal(BlsPublicKey.FromDer(ic.RootKeyDer), agent.RootKey);
        var caller = CandidSerializer.Deserialize<Principal>(await agent.QueryAsync(counter, "whoami", TestReplica.NoArgs));
        Assert.Equal(agent.Sender, caller);
        var keys = await agent.SubnetNodeKeysAsync(counter);
        Assert.Equal(ic.SubnetId, keys.SubnetId);
        Assert.Equal(ic.Keys.NodePublicKeyDer, keys.NodeKeys[ic.Keys.NodeId]);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(2)]
    public async Task Older_endpoints_when_newer_ones_are_missing(int maxVersion)
    {
        await using var ic = await HttpReplica.StartAsync();
        var counter = await ic.InstallAsync("Counter");
        var agent = HttpReplica.Agent(ic, handler: new HttpReplica.OlderReplicaHandler(maxVersion));
        Assert.Equal(5UL, await agent.CallAsync(counter, "add", TestReplica.Args((Nat)5)).NatAsync());
        Assert.Equal(maxVersion, agent.CallVersion);
        Assert.Equal(5UL, await agent.QueryAsync(counter, "get", TestReplica.NoArgs).NatAsync());
        Assert.Equal(Math.Min(3, maxVersion), agent.QueryVersion);
    }

    [Fact]
    public async Task Read_state_of_module_hash_controllers_metadata_and_time()
    {
        await using var ic = await HttpReplica.StartAsync();
        var identity = Ed25519Identity.Generate();
        var counter = await ic.InstallAsync("Counter", controller: identity.Sender);
        var agent = HttpReplica.Agent(ic, identity);
        var certificate = await agent.ReadStateAsync(counter, [
            HashTree.Path("canister").Append(counter.ToArray()).Append("module_hash"u8.ToArray()).ToArray(),
            HashTree.Path("canister").Append(counter.ToArray()).Append("controllers"u8.ToArray()).ToArray(),
            HashTree.Path("canister").Append(counter.ToArray()).Append("metadata"u8.ToArray()).Append("candid:service"u8.ToArray()).ToArray(),
        ]);
        Assert.Equal(ic.GetModuleHash(counter), certificate.Lookup([.. HashTree.Path("canister"), counter.ToArray(), "module_hash"u8.ToArray()]).Value);
        var candid = System.Text.Encoding.UTF8.GetString(certificate.Lookup([.. HashTree.Path("canister"), counter.ToArray(), "metadata"u8.ToArray(), "candid:service"u8.ToArray()]).Value!);
        Assert.Contains("inc", candid);
        var controllers = certificate.Lookup([.. HashTree.Path("canister"), counter.ToArray(), "controllers"u8.ToArray()]).Value!;
        Assert.Equal(identity.Sender.ToArray(), controllers[^29..]);
        Assert.InRange(certificate.Time, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));

        var subnet = await agent.ReadSubnetStateAsync(ic.SubnetId, [HashTree.Path("subnet")]);
        Assert.Equal(ic.RootKeyDer, subnet.Lookup([.. HashTree.Path("subnet"), ic.SubnetId.ToArray(), "public_key"u8.ToArray()]).Value);
    }

    [Fact]
    public async Task Calls_to_the_management_canister_create_and_install()
    {
        await using var ic = await HttpReplica.StartAsync();
        var agent = HttpReplica.Agent(ic);
        var code = await MotokoCompiler.CompileAsync("Counter");
        var options = new CandidSerializerOptions { Naming = CandidNaming.SnakeCase };
        var created = await agent.CallAsync(Principal.ManagementCanister, ic.SubnetId, "provisional_create_canister_with_cycles",
            CandidSerializer.Serialize(new ProvisionalCreate(null), options));
        var id = CandidSerializer.Deserialize<CanisterIdRecord>(created, options).CanisterId;
        await agent.CallAsync(Principal.ManagementCanister, id, "install_code",
            CandidSerializer.Serialize(new InstallCode(new InstallMode.Install(), id, code.Wasm, TestReplica.NoArgs), options));
        Assert.Equal(1UL, await agent.CallAsync(id, "inc", TestReplica.NoArgs).NatAsync());
        Assert.Equal([agent.Sender], ic.Core.Find(id)!.Controllers);

        // canister_status is a query in ic.did: answered as one, node-signed, for a controller only.
        var status = CandidDecoder.Decode(await agent.QueryAsync(Principal.ManagementCanister, id, "canister_status",
            CandidSerializer.Serialize(new CanisterIdRecord(id), options)));
        Assert.Equal(CandidValue.Variant("running"), ((CandidRecordValue)status[0])["status"]);
        var stranger = HttpReplica.Agent(ic, Icp.Agent.Identities.Ed25519Identity.Generate());
        var e = await Assert.ThrowsAsync<CallRejectedException>(() => stranger.QueryAsync(Principal.ManagementCanister, id, "canister_status",
            CandidSerializer.Serialize(new CanisterIdRecord(id), options)));
        Assert.Equal(RejectCode.CanisterError, e.RejectCode);
    }

    private sealed record ProvisionalCreate(Nat? Amount);

    private sealed record CanisterIdRecord(Principal CanisterId);

    [CandidVariant]
    private abstract record InstallMode
    {
        [CandidName("install")] public sealed record Install : InstallMode;
    }

    private sealed record InstallCode(InstallMode Mode, Principal CanisterId, byte[] WasmModule, byte[] Arg);
}
