using Icp.Replica.State;

namespace Icp.Replica.Tests;

/// <summary>The counter canister (enhanced orthogonal persistence, 64-bit memory): updates, queries, traps, logs, upgrades.</summary>
public class CounterTests
{
    private static readonly byte[] NoArgs = CandidSerializer.SerializeEmpty();

    private static async Task<(LocalReplica Ic, Principal Id)> StartAsync(string name = "Counter", bool classic = false)
    {
        var code = await MotokoCompiler.CompileAsync(name, classic);
        var ic = await LocalReplica.StartAsync(new LocalReplicaOptions { InitialTime = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero) });
        var id = await ic.CreateCanisterAsync();
        await ic.InstallCodeAsync(id, code.Wasm, NoArgs);
        return (ic, id);
    }

    private static async Task<ulong> Nat(Task<byte[]> call) => (ulong)CandidSerializer.Deserialize<Nat>(await call);

    [Fact]
    public async Task Updates_change_state_and_queries_read_it()
    {
        var (ic, id) = await StartAsync();
        await using var _ = ic;
        Assert.Equal(0UL, await Nat(ic.QueryCallAsync(id, "get", NoArgs)));
        Assert.Equal(1UL, await Nat(ic.UpdateCallAsync(id, "inc", NoArgs)));
        Assert.Equal(2UL, await Nat(ic.UpdateCallAsync(id, "inc", NoArgs)));
        Assert.Equal(12UL, await Nat(ic.UpdateCallAsync(id, "add", CandidSerializer.Serialize<Nat>(10UL))));
        Assert.Equal(12UL, await Nat(ic.QueryCallAsync(id, "get", NoArgs)));
    }
}
