using static Icp.Replica.Tests.TestReplica;

namespace Icp.Replica.Tests;

/// <summary>The counter canister (Motoko, enhanced orthogonal persistence, 64-bit memory): updates, queries, traps, logs, upgrades.</summary>
public class CounterTests
{
    [Fact]
    public async Task Updates_change_state_and_queries_read_it()
    {
        await using var ic = await StartAsync();
        var id = await ic.InstallAsync("Counter");
        Assert.Equal(0UL, await ic.QueryCallAsync(id, "get", NoArgs).NatAsync());
        Assert.Equal(1UL, await ic.UpdateCallAsync(id, "inc", NoArgs).NatAsync());
        Assert.Equal(2UL, await ic.UpdateCallAsync(id, "inc", NoArgs).NatAsync());
        Assert.Equal(12UL, await ic.UpdateCallAsync(id, "add", Args<Nat>(10UL)).NatAsync());
        Assert.Equal(12UL, await ic.QueryCallAsync(id, "get", NoArgs).NatAsync());
    }

    [Fact]
    public async Task A_query_method_called_as_an_update_runs_replicated()
    {
        await using var ic = await StartAsync();
        var id = await ic.InstallAsync("Counter");
        await ic.UpdateCallAsync(id, "inc", NoArgs);
        Assert.Equal(1UL, await ic.UpdateCallAsync(id, "get", NoArgs).NatAsync());
    }

    [Fact]
    public async Task Changes_made_by_a_query_are_not_kept()
    {
        await using var ic = await StartAsync();
        var id = await ic.InstallAsync("Counter");
        await ic.UpdateCallAsync(id, "inc", NoArgs);
        Assert.Equal(101UL, await ic.QueryCallAsync(id, "bumpInQuery", NoArgs).NatAsync());
        Assert.Equal(101UL, await ic.QueryCallAsync(id, "bumpInQuery", NoArgs).NatAsync());
        Assert.Equal(1UL, await ic.QueryCallAsync(id, "get", NoArgs).NatAsync());
        Assert.Equal(2UL, await ic.UpdateCallAsync(id, "inc", NoArgs).NatAsync());
    }

    [Fact]
    public async Task A_trap_rejects_with_its_message_and_rolls_back_the_change()
    {
        await using var ic = await StartAsync();
        var id = await ic.InstallAsync("Counter");
        await ic.UpdateCallAsync(id, "add", Args<Nat>(5UL));
        var e = await Assert.ThrowsAsync<CallRejectedException>(() => ic.UpdateCallAsync(id, "addThenTrap", Args<Nat>(7UL)));
        Assert.Equal(RejectCode.CanisterError, e.RejectCode);
        Assert.Equal(ErrorCodes.CanisterCalledTrap, e.ErrorCode);
        Assert.Contains("refusing to add 7", e.RejectMessage);
        Assert.Contains(id.ToString(), e.RejectMessage);
        Assert.Equal(5UL, await ic.QueryCallAsync(id, "get", NoArgs).NatAsync());
        // The canister still works after the trap.
        Assert.Equal(6UL, await ic.UpdateCallAsync(id, "inc", NoArgs).NatAsync());
        Assert.Contains(ic.GetCanisterLog(id), r => r.Text == "[TRAP]: refusing to add 7");
    }

    [Fact]
    public async Task Debug_print_goes_to_the_canister_log_and_the_event()
    {
        await using var ic = await StartAsync();
        var id = await ic.InstallAsync("Counter");
        var seen = new List<string>();
        ic.CanisterLog += (canister, record) => { if (canister == id) seen.Add(record.Text); };
        await ic.UpdateCallAsync(id, "inc", NoArgs);
        await ic.UpdateCallAsync(id, "inc", NoArgs);
        Assert.Equal(["count is now 1", "count is now 2"], seen);
        Assert.Equal(["count is now 1", "count is now 2"], ic.GetCanisterLog(id).Select(r => r.Text));
        Assert.All(ic.GetCanisterLog(id), r => Assert.Equal(ic.TimeNanos, r.TimestampNanos));
    }

    [Fact]
    public async Task The_caller_is_the_sender()
    {
        await using var ic = await StartAsync();
        var id = await ic.InstallAsync("Counter");
        var alice = User(1);
        Assert.Equal(alice, CandidSerializer.Deserialize<Principal>(await ic.QueryCallAsync(id, "whoami", NoArgs, alice)));
        Assert.Equal(Principal.Anonymous, CandidSerializer.Deserialize<Principal>(await ic.UpdateCallAsync(id, "whoami", NoArgs)));
    }

    [Fact]
    public async Task Unknown_methods_and_canisters_are_rejected()
    {
        await using var ic = await StartAsync();
        var id = await ic.InstallAsync("Counter");
        var e = await Assert.ThrowsAsync<CallRejectedException>(() => ic.UpdateCallAsync(id, "nope", NoArgs));
        Assert.Equal(RejectCode.DestinationInvalid, e.RejectCode);
        Assert.Contains("has no update method 'nope'", e.RejectMessage);
        e = await Assert.ThrowsAsync<CallRejectedException>(() => ic.QueryCallAsync(id, "inc", NoArgs));
        Assert.Equal(RejectCode.DestinationInvalid, e.RejectCode);
        var missing = CanisterIdAllocator.FromIndex(12345);
        e = await Assert.ThrowsAsync<CallRejectedException>(() => ic.UpdateCallAsync(missing, "inc", NoArgs));
        Assert.Equal(RejectCode.DestinationInvalid, e.RejectCode);
        Assert.Contains("not found", e.RejectMessage);
    }

    [Fact]
    public async Task Upgrade_with_enhanced_orthogonal_persistence_keeps_main_memory()
    {
        await using var ic = await StartAsync();
        var code = await MotokoCompiler.CompileAsync("Counter");
        Assert.True(LocalReplica.UsesEnhancedOrthogonalPersistence(code.Wasm));
        var id = await ic.InstallAsync("Counter");
        await ic.UpdateCallAsync(id, "add", Args<Nat>(41UL));
        Assert.Equal(System.Security.Cryptography.SHA256.HashData(code.Wasm), ic.GetModuleHash(id));
        await ic.InstallCodeAsync(id, code.Wasm, NoArgs, InstallCodeMode.Upgrade);
        Assert.Equal(41UL, await ic.QueryCallAsync(id, "get", NoArgs).NatAsync());
        Assert.Equal(42UL, await ic.UpdateCallAsync(id, "inc", NoArgs).NatAsync());
    }

    [Fact]
    public async Task Upgrade_of_an_enhanced_persistence_module_without_keep_is_refused()
    {
        await using var ic = await StartAsync();
        var code = await MotokoCompiler.CompileAsync("Counter");
        var id = await ic.InstallAsync("Counter");
        await ic.UpdateCallAsync(id, "add", Args<Nat>(3UL));
        var e = await Assert.ThrowsAsync<CallRejectedException>(() => ic.InstallCodeAsync(id, code.Wasm, NoArgs, InstallCodeMode.Upgrade, keepMainMemory: false));
        Assert.Contains("wasm_memory_persistence", e.RejectMessage);
        Assert.Equal(3UL, await ic.QueryCallAsync(id, "get", NoArgs).NatAsync());
    }

    [Fact]
    public async Task Upgrade_with_classical_persistence_keeps_stable_variables_through_stable_memory()
    {
        await using var ic = await StartAsync();
        var code = await MotokoCompiler.CompileAsync("Counter", classic: true);
        Assert.False(LocalReplica.UsesEnhancedOrthogonalPersistence(code.Wasm));
        var id = await ic.InstallAsync("Counter", classic: true);
        await ic.UpdateCallAsync(id, "add", Args<Nat>(7UL));
        await ic.InstallCodeAsync(id, code.Wasm, NoArgs, InstallCodeMode.Upgrade);
        Assert.Equal(7UL, await ic.QueryCallAsync(id, "get", NoArgs).NatAsync());
        Assert.Equal(8UL, await ic.UpdateCallAsync(id, "inc", NoArgs).NatAsync());
        // A classic upgrade really goes through stable memory: pre_upgrade wrote the variables there.
        Assert.True(ic.Core.Find(id)!.StableMemory.Pages > 0);
    }

    [Fact]
    public async Task Classical_persistence_module_runs_with_32_bit_memory()
    {
        await using var ic = await StartAsync();
        var id = await ic.InstallAsync("Counter", classic: true);
        Assert.False(ic.Core.Find(id)!.Code!.Memory64);
        Assert.Equal(1UL, await ic.UpdateCallAsync(id, "inc", NoArgs).NatAsync());
        await Assert.ThrowsAsync<CallRejectedException>(() => ic.UpdateCallAsync(id, "addThenTrap", Args<Nat>(1UL)));
        Assert.Equal(1UL, await ic.QueryCallAsync(id, "get", NoArgs).NatAsync());
    }

    [Fact]
    public async Task Reinstall_wipes_state()
    {
        await using var ic = await StartAsync();
        var code = await MotokoCompiler.CompileAsync("Counter");
        var id = await ic.InstallAsync("Counter");
        await ic.UpdateCallAsync(id, "add", Args<Nat>(9UL));
        await ic.InstallCodeAsync(id, code.Wasm, NoArgs, InstallCodeMode.Reinstall);
        Assert.Equal(0UL, await ic.QueryCallAsync(id, "get", NoArgs).NatAsync());
    }
}
