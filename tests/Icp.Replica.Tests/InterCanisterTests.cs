using static Icp.Replica.Tests.TestReplica;

namespace Icp.Replica.Tests;

/// <summary>Canisters calling canisters with await: replies, rejects from traps, missing callees.</summary>
public class InterCanisterTests
{
    [Fact]
    public async Task A_canister_awaits_calls_to_another()
    {
        await using var ic = await StartAsync();
        var counter = await ic.InstallAsync("Counter");
        var caller = await ic.InstallAsync("Caller");
        // Two awaited inc calls: 1 + 2.
        Assert.Equal(3UL, await ic.UpdateCallAsync(caller, "incOther", Args(counter)).NatAsync());
        Assert.Equal(2UL, await ic.QueryCallAsync(counter, "get", NoArgs).NatAsync());
        Assert.Equal(1UL, await ic.QueryCallAsync(caller, "callCount", NoArgs).NatAsync());
    }

    [Fact]
    public async Task The_callee_sees_the_calling_canister_as_caller()
    {
        await using var ic = await StartAsync();
        var counter = await ic.InstallAsync("Counter");
        var caller = await ic.InstallAsync("Caller");
        await ic.UpdateCallAsync(caller, "incOther", Args(counter));
        Assert.NotEqual(counter, caller);
        Assert.Contains(ic.GetCanisterLog(counter), r => r.Text == "count is now 2");
    }

    [Fact]
    public async Task A_trapping_callee_is_a_canister_error_reject_for_the_caller()
    {
        await using var ic = await StartAsync();
        var trapper = await ic.InstallAsync("Trapper");
        var caller = await ic.InstallAsync("Caller");
        string result = await ic.UpdateCallAsync(caller, "failOther", CandidSerializer.SerializeArguments(trapper, "kaboom")).TextAsync();
        Assert.StartsWith("5:", result);
        Assert.Contains("kaboom", result);
        // The caller's own state change before the await persisted.
        Assert.Equal(1UL, await ic.QueryCallAsync(caller, "callCount", NoArgs).NatAsync());
    }

    [Fact]
    public async Task Calling_a_missing_canister_is_destination_invalid()
    {
        await using var ic = await StartAsync();
        var caller = await ic.InstallAsync("Caller");
        var missing = CanisterIdAllocator.FromIndex(42);
        string result = await ic.UpdateCallAsync(caller, "failOther", CandidSerializer.SerializeArguments(missing, "x")).TextAsync();
        Assert.StartsWith("3:", result);
        Assert.Contains("not found", result);
    }

    [Fact]
    public async Task Calls_to_a_stopped_canister_are_rejected()
    {
        await using var ic = await StartAsync();
        var trapper = await ic.InstallAsync("Trapper");
        var caller = await ic.InstallAsync("Caller");
        await ic.UpdateCallAsync(Principal.ManagementCanister, "stop_canister", ManagementArgs.Id(trapper));
        string result = await ic.UpdateCallAsync(caller, "failOther", CandidSerializer.SerializeArguments(trapper, "x")).TextAsync();
        Assert.StartsWith("5:", result);
        Assert.Contains("stopped", result);
    }

    [Fact]
    public async Task A_composite_query_calls_another_canisters_query()
    {
        await using var ic = await StartAsync();
        var counter = await ic.InstallAsync("Counter");
        var caller = await ic.InstallAsync("Caller");
        await ic.UpdateCallAsync(counter, "add", Args<Nat>(41UL));
        Assert.Equal(42UL, await ic.QueryCallAsync(caller, "getOtherPlusOne", Args(counter)).NatAsync());
        var e = await Assert.ThrowsAsync<CallRejectedException>(() => ic.UpdateCallAsync(caller, "getOtherPlusOne", Args(counter)));
        Assert.Contains("Composite query cannot be called in replicated mode", e.RejectMessage);
    }
}
